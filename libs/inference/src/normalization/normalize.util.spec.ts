import { DAY_MS } from '@fleetgate/common';
import { signalLevels } from '../features/signal-levels.util';
import { estimateBaseline } from './baseline.util';
import { flooredSpread, normalizeSeries } from './normalize.util';
import { ar1, dailyCycle, minuteSeries, T0 } from './normalization-test-data.fixture';

describe('normalizeSeries', () => {
  it('computes (x − level) / spread sample by sample, keeping NaN and the grid', () => {
    const s = { startMs: 5, intervalMs: 1000, values: Float32Array.from([10, 12, NaN, 7]) };
    const out = normalizeSeries({ a: s }, [{ signal: 'a', level: 10, spread: 2, hours: 1 }]);
    expect(out.get('a')).toEqual({ startMs: 5, intervalMs: 1000, values: Float32Array.from([0, 1, NaN, -1.5]) });
    expect(s.values[1]).toBe(12); // the input is not changed
  });

  it('makes two machines that differ only in level and spread look alike', () => {
    // Machine B = 3 × A + 100: after each is normalised by its own baseline, they coincide.
    const noise = ar1(14 * 288, 0.975, 11);
    const a = minuteSeries(
      Array.from(noise, (x, i) => 50 + 2 * x + 2 * dailyCycle(i, 300_000)),
      T0,
      300_000,
    );
    const b = { ...a, values: Float32Array.from(a.values, (x) => 3 * x + 100) };
    const period = { fromMs: T0, toMs: T0 + 7 * DAY_MS };
    const na = normalizeSeries({ t: a }, estimateBaseline(['t'], { t: a }, period)).get('t')!.values;
    const nb = normalizeSeries({ t: b }, estimateBaseline(['t'], { t: b }, period)).get('t')!.values;
    let worst = 0;
    for (let i = 0; i < na.length; i++) worst = Math.max(worst, Math.abs(na[i] - nb[i]));
    expect(worst).toBeLessThan(1e-4);
    // And the normalised baseline itself has level 0 and spread 1 by the same estimator.
    const [l] = signalLevels(['t'], { t: { ...a, values: na } }, [[T0 + 7 * DAY_MS, Infinity]]);
    expect(l.mean).toBeCloseTo(0, 5);
    expect(l.std).toBeCloseTo(1, 5);
  });

  it('floors a flat spread at 1e-6 × |level|, and keeps the units of a signal flat at 0', () => {
    expect(flooredSpread(1000, 0)).toBe(1e-3);
    expect(flooredSpread(1000, 0.5)).toBe(0.5);
    expect(flooredSpread(0, 0)).toBe(1);
    expect(flooredSpread(NaN, NaN)).toBeNaN();
    const s = { startMs: 0, intervalMs: 1000, values: Float32Array.from([1000, 1000.0625, 0]) };
    const out = normalizeSeries({ p: s, z: s }, [
      { signal: 'p', level: 1000, spread: 0, hours: 10 },
      { signal: 'z', level: 0, spread: 0, hours: 10 },
    ]);
    // A 62.5 ppm move of a constant signal is 62.5 floored spreads: large, finite, never Infinity.
    expect(Array.from(out.get('p')!.values)).toEqual([0, 62.5, -1e6]);
    expect(Array.from(out.get('z')!.values)).toEqual([1000, 1000.0625, 0]);
  });

  it('returns only baseline signals, all NaN when the baseline has no level', () => {
    const s = { startMs: 0, intervalMs: 1000, values: Float32Array.from([1, 2]) };
    const out = normalizeSeries(
      new Map([
        ['a', s],
        ['raw', s],
      ]),
      [
        { signal: 'a', level: NaN, spread: NaN, hours: 0 },
        { signal: 'absent', level: 1, spread: 1, hours: 10 },
      ],
    );
    expect([...out.keys()]).toEqual(['a']);
    expect(Array.from(out.get('a')!.values)).toEqual([NaN, NaN]);
  });
});
