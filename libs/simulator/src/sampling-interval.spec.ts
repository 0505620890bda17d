import { planFleet } from './fleet-plan.util';
import { generateMachine } from './machine-generator.util';

describe('simulator sampling interval', () => {
  const minute = planFleet({ machines: 4, days: 20, seed: 3 });
  const hourly = planFleet({ machines: 4, days: 20, seed: 3, intervalMs: 3_600_000 });

  it('stores one reading per interval, the same machines and truth labels as the 1-minute fleet', () => {
    expect(hourly.intervalMs).toBe(3_600_000);
    expect(hourly.samplesPerSignal).toBe(20 * 24);
    expect(hourly.machines).toEqual(minute.machines);
  });

  it('reads the 1-minute fleet at the top of every hour; events and failures are the same', () => {
    const m = generateMachine(minute, minute.pilotAssetId);
    const h = generateMachine(hourly, hourly.pilotAssetId);
    expect(h.intervalMs).toBe(3_600_000);
    for (const [tag, values] of Object.entries(h.tags)) {
      expect(values).toHaveLength(480);
      const expected = Float32Array.from({ length: 480 }, (_, i) => m.tags[tag][i * 60]);
      // Spikes move to the reading they fall in, so compare away from them.
      const spikes = new Set(h.truth.sensorFaults.filter((f) => f.kind === 'spike').map((f) => Date.parse(f.from)));
      for (let i = 0; i < 480; i++)
        if (!spikes.has(h.startMs + i * 3_600_000)) expect(Object.is(values[i], expected[i]) || values[i] === expected[i]).toBe(true);
    }
    expect(h.events).toEqual(m.events);
    expect(h.truth.failures).toEqual(m.truth.failures);
  });

  it('counts missing readings in the truth as the NaNs stored, and puts every spike on a reading', () => {
    for (const plan of hourly.machines) {
      const h = generateMachine(hourly, plan.assetId);
      for (const [tag, values] of Object.entries(h.tags)) {
        const signal = plan.tagSignals[tag];
        const nans = values.reduce((c, v) => (v === v ? c : c + 1), 0);
        expect(h.truth.samples[signal]).toEqual({ present: values.length - nans, missing: nans });
      }
      for (const f of h.truth.sensorFaults.filter((x) => x.kind === 'spike')) expect((Date.parse(f.from) - h.startMs) % 3_600_000).toBe(0);
    }
  });

  it('refuses an interval that is not whole minutes dividing a day', () => {
    expect(() => planFleet({ machines: 2, days: 1, seed: 1, intervalMs: 90_000 })).toThrow(/intervalMs must be a whole number of minutes that divides a day/);
    expect(() => planFleet({ machines: 2, days: 1, seed: 1, intervalMs: 7 * 60_000 })).toThrow(/intervalMs/);
  });
});
