import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { planRemedies } from './remedy-plan.util';
import { drawnShareMs } from './variant-trainer.service';

const byRemedy = (plan: ReturnType<typeof planRemedies>) => Object.fromEntries(plan.map((p) => [p.remedy, p]));

describe('which remedies apply', () => {
  it('offers a raw version a baseline variant (with and without per-machine thresholds) and a fleet-trained one; per-regime only with regime signals', () => {
    const p = byRemedy(planRemedies({ method: 'none', thresholds: 'version', trainingPeriodMs: 30 * DAY_MS, regimeSignals: [] }));
    expect(p['per-machine-baseline']).toMatchObject({
      applies: true,
      cost: 'new-version',
      training: { normalization: { method: 'per-machine-baseline', baselineMs: 14 * DAY_MS } },
    });
    expect(p['per-machine-baseline+threshold']).toMatchObject({
      applies: true,
      thresholds: 'per-machine',
      sharesVariantOf: 'per-machine-baseline',
      training: null,
    });
    expect(p['per-machine-threshold'].applies).toBe(false);
    expect(p['per-regime']).toMatchObject({ applies: false, reason: expect.stringContaining('regimeSignals') });
    expect(p['fleet-trained']).toMatchObject({ applies: true, training: { normalization: { method: 'none' }, sample: true } });
    const withRegimes = byRemedy(planRemedies({ method: 'none', thresholds: 'version', trainingPeriodMs: 30 * DAY_MS, regimeSignals: ['speed'] }));
    expect(withRegimes['per-regime']).toMatchObject({ applies: true, training: { normalization: { method: 'per-regime', regimeSignals: ['speed'] } } });
  });

  it("takes the baseline from the pilot's training period when it is shorter than 14 days, or as asked", () => {
    const short = byRemedy(planRemedies({ method: 'none', thresholds: 'version', trainingPeriodMs: 50 * HOUR_MS, regimeSignals: [] }));
    expect(short['per-machine-baseline'].training).toMatchObject({ normalization: { baselineMs: 50 * HOUR_MS } });
    expect(short['per-machine-baseline'].reason).toContain('50-hour');
    const asked = byRemedy(planRemedies({ method: 'none', thresholds: 'version', trainingPeriodMs: 50 * HOUR_MS, baselineMs: 2 * DAY_MS, regimeSignals: [] }));
    expect(asked['per-machine-baseline'].training).toMatchObject({ normalization: { baselineMs: 2 * DAY_MS } });
  });

  it('offers a per-machine-baseline version its own thresholds as a deployment setting, unless the run used them already', () => {
    const p = byRemedy(planRemedies({ method: 'per-machine-baseline', thresholds: 'version', trainingPeriodMs: 30 * DAY_MS, regimeSignals: [] }));
    expect(p['per-machine-threshold']).toMatchObject({ applies: true, cost: 'deployment-setting', training: null, thresholds: 'per-machine' });
    expect(p['per-machine-baseline'].applies).toBe(false);
    expect(p['fleet-trained'].training).toMatchObject({ normalization: { method: 'per-machine-baseline' } });
    const calibrated = byRemedy(planRemedies({ method: 'per-machine-baseline', thresholds: 'per-machine', trainingPeriodMs: 30 * DAY_MS, regimeSignals: [] }));
    expect(calibrated['per-machine-threshold']).toMatchObject({ applies: false, reason: expect.stringContaining('already') });
    expect(calibrated['fleet-trained'].thresholds).toBe('per-machine');
  });
});

describe("a drawn machine's share of the training period", () => {
  it('splits the period among the drawn machines, never below a week past the baseline, never beyond the period', () => {
    expect(drawnShareMs(90 * DAY_MS, 0, 0)).toBe(90 * DAY_MS);
    expect(drawnShareMs(90 * DAY_MS, 3, 0)).toBe(30 * DAY_MS);
    expect(drawnShareMs(90 * DAY_MS, 20, 0)).toBe(7 * DAY_MS);
    expect(drawnShareMs(90 * DAY_MS, 20, 14 * DAY_MS)).toBe(21 * DAY_MS);
    expect(drawnShareMs(50 * HOUR_MS, 2, 50 * HOUR_MS)).toBe(50 * HOUR_MS);
  });
});
