import { Series } from '@fleetgate/common';
import { groupedSorted, hourlyBlocks, levelOf, levelOfDrawn, levelOfSorted, levelScratch, signalLevels } from './signal-levels.util';

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

describe('hourlyBlocks and levelOf', () => {
  const n = 10 * 1440;
  const v = Float32Array.from(normals(n, 3), (z, i) => 20 + z + Math.sin((2 * Math.PI * i) / 1440));
  const s = series(v);

  it('are signalLevels in two steps: the same level and spread to the last bit', () => {
    const excluded: Array<[number, number]> = [[2 * 86_400_000 + 1, 3 * 86_400_000]];
    const h = hourlyBlocks(s, excluded);
    const [l] = signalLevels(['t'], { t: s }, excluded);
    expect(h.count).toBe(240 - 24);
    expect(h.count).toBe(l.hours);
    expect(levelOf(h.means, h.stds, h.count)).toEqual({ mean: l.mean, std: l.std });
  });

  it('keeps each hour start in time order, leaving out the excluded hours', () => {
    const h = hourlyBlocks(s, [[0, 3_600_000]]);
    expect(h.startMs[0]).toBe(3_600_000);
    expect(h.startMs[h.count - 1]).toBe((240 - 1) * 3_600_000);
    expect(h.stepMs).toBe(3_600_000);
  });

  it('recomputes on any subset of hours without touching its inputs, with or without scratch', () => {
    const h = hourlyBlocks(s);
    const firstDay = { means: h.means.slice(0, 24), stds: h.stds.slice(0, 24) };
    const before = firstDay.means.slice();
    const scratch = levelScratch(h.count);
    const a = levelOf(firstDay.means, firstDay.stds, 24, scratch);
    expect(levelOf(firstDay.means, firstDay.stds)).toEqual(a);
    expect(firstDay.means).toEqual(before);
    // One day's hourly means follow the daily cycle around 20 (its trimmed mean drops the peak and trough).
    expect(a.mean).toBeCloseTo(20, 0);
    expect(levelOf(new Float64Array(0), new Float64Array(0))).toEqual({ mean: NaN, std: NaN });
  });
});

describe('levelOfDrawn', () => {
  /** Hours in groups (days), sorted by value with their group; and the multiset a draw of groups stands for. */
  function grouped(means: Float64Array, stds: Float64Array, perGroup: number) {
    const order = (x: Float64Array) => Uint32Array.from(x.keys()).sort((a, b) => x[a] - x[b]);
    const byMean = order(means);
    const byStd = order(stds);
    const sizes = new Uint32Array(Math.ceil(means.length / perGroup)).fill(perGroup);
    return {
      means: { values: Float64Array.from(byMean, (i) => means[i]), group: Uint32Array.from(byMean, (i) => Math.floor(i / perGroup)), sizes },
      stds: { values: Float64Array.from(byStd, (i) => stds[i]), group: Uint32Array.from(byStd, (i) => Math.floor(i / perGroup)), sizes },
      expand(drawn: Uint32Array) {
        const m: number[] = [];
        const s: number[] = [];
        drawn.forEach((c, d) => {
          for (let k = 0; k < c; k++)
            for (let i = d * perGroup; i < (d + 1) * perGroup; i++) {
              m.push(means[i]);
              s.push(stds[i]);
            }
        });
        return levelOf(Float64Array.from(m), Float64Array.from(s));
      },
    };
  }

  it.each([24, 23])('is levelOf of the resample it stands for (days of %i hours drawn 0, 1, 2 … times), to rounding', (hours) => {
    const z = normals(30 * hours, 5);
    const means = Float64Array.from(z, (x, i) => 100 + x + Math.sin((2 * Math.PI * i) / hours));
    const stds = Float64Array.from(normals(30 * hours, 6), (x) => 1 + 0.2 * Math.abs(x));
    const g = grouped(means, stds, hours);
    let seed = 1;
    for (let r = 0; r < 60; r++) {
      const drawn = new Uint32Array(30);
      for (let k = 0; k < 30 - (r % 3); k++) drawn[(seed = (seed * 16807) % 2147483647) % 30]++;
      const want = g.expand(drawn);
      const got = levelOfDrawn(g.means, g.stds, drawn);
      expect(Math.abs(got.mean - want.mean)).toBeLessThan(1e-12 * Math.abs(want.mean));
      expect(Math.abs(got.std - want.std)).toBeLessThan(1e-12 * want.std);
    }
  });

  it('takes the quantised fallback the same way, and keeps a constant exact', () => {
    // Per day: 14 hours at 392, 5 at 391, 5 at 393 → MAD 0 on every resample.
    const day = [...Array(5).fill(391), ...Array(14).fill(392), ...Array(5).fill(393)];
    const means = Float64Array.from({ length: 10 * 24 }, (_, i) => day[i % 24]);
    const stds = new Float64Array(means.length);
    const g = grouped(means, stds, 24);
    const drawn = Uint32Array.from([2, 0, 1, 1, 3, 0, 0, 1, 2, 0]);
    expect(levelOfDrawn(g.means, g.stds, drawn).std).toBeCloseTo(g.expand(drawn).std, 12);
    expect(levelOfDrawn(g.means, g.stds, drawn).std).toBeGreaterThan(0);
    // Ties everywhere but a MAD of 1: whole units from 389 to 395, per-day patterns of different widths.
    const ties = Float64Array.from({ length: 10 * 24 }, (_, i) => 392 + (((i * 7) % 24) % (3 + (Math.floor(i / 24) % 5))) - 2);
    const t = grouped(
      ties,
      Float64Array.from(ties, (x) => x % 3),
      24,
    );
    for (const d of [drawn, Uint32Array.from([0, 1, 0, 3, 1, 1, 2, 0, 1, 1]), Uint32Array.from([5, 0, 0, 0, 0, 0, 0, 0, 0, 5])]) {
      expect(levelOfDrawn(t.means, t.stds, d)).toEqual(t.expand(d));
    }
    const flat = grouped(new Float64Array(48).fill(518.67), new Float64Array(48), 24);
    expect(levelOfDrawn(flat.means, flat.stds, Uint32Array.from([0, 2]))).toEqual({ mean: 518.67, std: 0 });
  });

  it('gives NaN when nothing is drawn, and levelOfSorted agrees with levelOf on sorted input', () => {
    const g = grouped(Float64Array.from([1, 2, 3]), Float64Array.from([0, 0, 0]), 3);
    expect(levelOfDrawn(g.means, g.stds, new Uint32Array(1))).toEqual({ mean: NaN, std: NaN });
    const m = Float64Array.from([3, 1, 2, 7, 5]);
    const s = Float64Array.from([1, 1, 2, 0.5, 1]);
    expect(levelOfSorted(m.slice().sort(), s.slice().sort())).toEqual(levelOf(m, s));
  });
});

describe('groupedSorted', () => {
  /** The reference: a stable comparator sort of the indices (Array.prototype.sort is stable). */
  function byComparator(values: number[], group: number[]) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    return { values: order.map((i) => values[i]), group: order.map((i) => group[i]) };
  }

  it('orders values ascending with their groups, ties in index order, as a stable argsort does', () => {
    let s = 7;
    const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
    for (const n of [1, 2, 17, 500]) {
      // Rounded to a few levels so ties are common, as on a quantised signal.
      const values = Array.from({ length: n }, () => Math.round(next() * 8) / 4 - 1);
      const group = values.map((_, i) => Math.floor(i / 3));
      const got = groupedSorted(Float64Array.from(values), Uint32Array.from(group));
      const want = byComparator(values, group);
      expect(Array.from(got.values)).toEqual(want.values);
      expect(Array.from(got.group)).toEqual(want.group);
      // How many values each group holds: threes, the last one what is left.
      expect(Array.from(got.sizes)).toEqual(Array.from({ length: Math.ceil(n / 3) }, (_, g) => Math.min(3, n - 3 * g)));
    }
  });

  it('keeps −0 and 0 in index order (the comparator sees them equal), uses only the first count values and puts NaN last', () => {
    const got = groupedSorted(Float64Array.from([0, NaN, -0, -1, 5]), Uint32Array.from([10, 11, 12, 13, 14]), 4);
    expect(Array.from(got.group)).toEqual([13, 10, 12, 11]);
    expect(got.sizes).toHaveLength(14);
    expect(Array.from(got.sizes.subarray(10))).toEqual([1, 1, 1, 1]);
    expect(Object.is(got.values[1], 0) && Object.is(got.values[2], -0)).toBe(true);
    expect(got.values[3]).toBeNaN();
  });
});
