import { Series } from '@fleetgate/common';
import { signalLevels } from './signal-levels.util';

const MIN = 60_000;

/** Deterministic N(0,1) stream (Box–Muller over a small LCG), so the test is exact run to run. */
function normals(n: number, seed: number): Float32Array {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  return out;
}

function series(values: Float32Array): Series {
  return { startMs: 0, intervalMs: MIN, values };
}

describe('signalLevels', () => {
  const n = 30 * 1440;
  const noise = normals(n, 7);

  it('recovers the level and σ of stationary noise', () => {
    const v = Float32Array.from(noise, (z) => 50 + 2 * z);
    const [l] = signalLevels(['t'], { t: series(v) });
    expect(l.mean).toBeCloseTo(50, 1);
    expect(l.std / 2).toBeGreaterThan(0.95);
    expect(l.std / 2).toBeLessThan(1.05);
    expect(l.hours).toBe(720);
  });

  it('counts slow movement between hours in the spread', () => {
    // σ_noise = 1 plus a daily cycle of amplitude √2 (σ 1): total σ ≈ √2 (within the robust estimator's bias for a sinusoid)
    const v = Float32Array.from(noise, (z, i) => z + Math.SQRT2 * Math.sin((2 * Math.PI * i) / 1440));
    const [l] = signalLevels(['t'], { t: series(v) });
    expect(l.std).toBeGreaterThan(1.3);
    expect(l.std).toBeLessThan(2);
  });

  it('is not moved by spikes and stuck runs that a plain std would follow', () => {
    const v = Float32Array.from(noise, (z) => 10 + z);
    for (let i = 0; i < n; i += 997) v[i] = 500; // a spike every ~17 h
    for (let i = 5000; i < 5000 + 600; i++) v[i] = 10; // stuck for 10 h
    const [l] = signalLevels(['t'], { t: series(v) });
    expect(l.std).toBeGreaterThan(0.9);
    expect(l.std).toBeLessThan(1.1);
    let s = 0;
    let s2 = 0;
    for (const x of v) {
      s += x;
      s2 += x * x;
    }
    const plainStd = Math.sqrt(s2 / n - (s / n) ** 2);
    expect(plainStd).toBeGreaterThan(10);
  });

  it('leaves out excluded ranges (a run-up before a failure)', () => {
    const v = Float32Array.from(noise, (z, i) => (i >= 20 * 1440 && i < 25 * 1440 ? 30 : 10) + z);
    const [raw] = signalLevels(['t'], { t: series(v) });
    const [healthy] = signalLevels(['t'], { t: series(v) }, [[20 * 1440 * MIN, 25 * 1440 * MIN]]);
    expect(healthy.std).toBeLessThan(1.1);
    expect(raw.std).toBeGreaterThan(healthy.std);
    expect(healthy.hours).toBe(720 - 120);
  });

  it('gives NaN for a signal without data', () => {
    expect(signalLevels(['t'], {})[0]).toEqual({ signal: 't', mean: NaN, std: NaN, hours: 0 });
  });
});

describe('signalLevels on quantised and flat signals', () => {
  const hourly = (values: number[]): Series => ({ startMs: 0, intervalMs: 3_600_000, values: Float32Array.from(values) });

  it('gives a quantised signal with MAD 0 a spread: 1.79 × the mean absolute deviation of the middle 80 %', () => {
    // 100 hourly readings: 60 at 392, 20 at 391, 20 at 393 (C-MAPSS sensor 17 moves in whole units).
    // MAD = 0 (60 % at the median). Middle 80 %: 10 × 391, 60 × 392, 10 × 393 → mean |x − 392| = 20 / 80 = 0.25;
    // σ = 1.79 × 0.25 = 0.4475 (one reading per hour: no within-hour spread).
    const values = [...Array(20).fill(391), ...Array(60).fill(392), ...Array(20).fill(393)];
    const [l] = signalLevels(['s17'], { s17: hourly(values) });
    expect(l.mean).toBe(392);
    expect(l.std).toBeCloseTo(0.4475, 10);
    expect(l.hours).toBe(100);
  });

  it('keeps a constant, or a signal off its constant in under 10 % of the hours, at σ 0', () => {
    expect(signalLevels(['s1'], { s1: hourly(Array(50).fill(518.67)) })[0]).toMatchObject({ mean: Math.fround(518.67), std: 0 });
    const blip = [...Array(95).fill(21.61), ...Array(5).fill(21.6)];
    expect(signalLevels(['s6'], { s6: hourly(blip) })[0]).toMatchObject({ mean: Math.fround(21.61), std: 0 });
  });
});
