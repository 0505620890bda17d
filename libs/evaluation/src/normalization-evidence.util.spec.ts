import { HOUR_MS } from '@fleetgate/common';
import { PreparedSeries, signalRelations } from '@fleetgate/inference';
import { NormalizationEvidence, normalizationFindings, normalizationSummary } from './normalization-evidence.util';

const T0 = Date.UTC(2026, 0, 1);
const hourly = (values: number[]) => ({ startMs: T0, intervalMs: HOUR_MS, values: Float32Array.from(values) });

describe('normalizationFindings', () => {
  it('refuses a machine without a valid baseline with that one reason', () => {
    const prepared: PreparedSeries = { series: {}, calibrationEndMs: -Infinity, refusal: 'no valid baseline: no 14-day stretch …' };
    const f = normalizationFindings('per-machine-baseline', prepared, ['a'], null, []);
    expect(f.insufficient).toEqual(['no valid baseline: no 14-day stretch …']);
    expect(f.evidence).toMatchObject({ method: 'per-machine-baseline', calibrationEndMs: null, refusal: prepared.refusal });
  });

  it('puts a machine with more than 5 % unseen regime hours out of domain, and 5 % exactly in', () => {
    const at = (unseenHours: number) =>
      normalizationFindings(
        'per-regime',
        { series: {}, calibrationEndMs: -Infinity, regimes: { hoursByRegime: [50, 45], unseenHours, unassignedHours: 0 } },
        ['a'],
        null,
        [],
      );
    expect(at(5).outside).toEqual([]);
    expect(at(6).outside[0]).toMatch(/^5\.9 % of hours \(6 h\) in operating regimes the model has no level for/);
    expect(at(6).levelChecks).toBe(true);
  });

  it('judges relations after the baseline only', () => {
    // Two signals moving together after hour 48, and against each other before: the baseline part is not compared.
    const n = 200;
    const a = Array.from({ length: n }, (_, i) => Math.sin(i) + (i % 7));
    const b = a.map((x, i) => (i < 48 ? -x : x));
    const series = new Map([
      ['a', hourly(a)],
      ['b', hourly(b)],
    ]);
    const pilot = signalRelations(['a', 'b'], { a: hourly(a), b: hourly(a) });
    const prepared: PreparedSeries = { series, calibrationEndMs: T0 + 48 * HOUR_MS };
    const f = normalizationFindings('per-machine-baseline', prepared, ['a', 'b'], pilot, []);
    expect(f.outside).toEqual([]);
    expect(f.evidence.relations!.status).toBe('in');
    expect(f.levelChecks).toBe(false);
    const whole = normalizationFindings('per-machine-baseline', { series, calibrationEndMs: -Infinity }, ['a', 'b'], pilot, []);
    expect(whole.evidence.relations!.maxFisherZ).toBeGreaterThan(f.evidence.relations!.maxFisherZ);
  });
});

describe('normalizationSummary', () => {
  const baseline = (valid: boolean): NormalizationEvidence => ({
    method: 'per-machine-baseline',
    calibrationEndMs: 1,
    baseline: { fromMs: 0, toMs: 1, source: 'auto', explicitVersion: null, signals: [], valid, reasons: [], trends: [] },
    ...(valid ? {} : { refusal: 'no valid baseline: drifts' }),
  });

  it('is null for a raw run', () => {
    expect(normalizationSummary([{ assetId: 'A', assessment: {} }])).toBeNull();
  });

  it('counts baselines and lists the machines that got their own threshold', () => {
    const s = normalizationSummary([
      { assetId: 'M-10', assessment: { normalization: baseline(true), threshold: { mode: 'per-machine', applied: true } } },
      { assetId: 'M-2', assessment: { normalization: baseline(true), threshold: { mode: 'per-machine', applied: true } } },
      { assetId: 'M-3', assessment: { normalization: baseline(true), threshold: { mode: 'per-machine', applied: false } } },
      { assetId: 'M-4', assessment: { normalization: baseline(false) } },
      { assetId: 'M-5' },
    ]);
    expect(s).toEqual({ method: 'per-machine-baseline', baselines: { valid: 3, refused: ['M-4'] }, thresholds: { applied: ['M-2', 'M-10'], keptVersion: 1 } });
  });
});
