import type { Series } from '@fleetgate/common';
import { InferenceErrorCode, InferenceException } from '../inference.exception';
import { FeatureRecipe } from './feature-recipe.util';
import { naiveFeatureWindows } from './feature-windows.reference';
import { buildFeatureWindows, FeatureWindows } from './feature-windows.util';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const ALL: FeatureRecipe['aggregations'] = ['mean', 'std', 'min', 'max', 'slope', 'last'];

function series(values: ArrayLike<number>, startMs = T0, intervalMs = MIN): Series {
  return { startMs, intervalMs, values: Float32Array.from(values) };
}

function recipe(overrides: Partial<FeatureRecipe> = {}): FeatureRecipe {
  return { signals: ['a'], windowMs: 4 * MIN, stepMs: 2 * MIN, aggregations: ALL, minCoverage: 0, ...overrides };
}

function row(result: FeatureWindows, r: number): number[] {
  return Array.from(result.features.subarray(r * result.cols, (r + 1) * result.cols));
}

// Deterministic PRNG so a failure reproduces.
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random walk with noise and runs of missing samples (downtime) plus isolated drops. */
function randomSignal(rand: () => number, n: number, level: number, gapRate: number, maxGap = 40): Float32Array {
  const out = new Float32Array(n);
  let walk = level;
  let gapLeft = 0;
  for (let i = 0; i < n; i++) {
    walk += (rand() - 0.5) * 0.1 * Math.max(1, Math.abs(level) * 0.01);
    if (gapLeft === 0 && rand() < gapRate) gapLeft = 1 + Math.floor(rand() * maxGap);
    if (gapLeft > 0) {
      gapLeft--;
      out[i] = NaN;
    } else {
      out[i] = rand() < 0.03 ? NaN : walk + (rand() - 0.5);
    }
  }
  return out;
}

function expectCloseToNaive(result: FeatureWindows, r: FeatureRecipe, input: Record<string, Series>): void {
  const naive = naiveFeatureWindows(r, input);
  expect(result.total).toBe(naive.total);
  expect(result.skipped).toBe(naive.skipped);
  expect(result.rows).toBe(naive.features.length);
  expect(Array.from(result.windowEndMs)).toEqual(naive.windowEndMs);
  for (let i = 0; i < result.rows; i++) {
    const got = row(result, i);
    naive.features[i].forEach((want, k) => {
      const tolerance = 2e-6 * Math.max(1, Math.abs(want));
      if (!(Math.abs(got[k] - want) <= tolerance)) {
        throw new Error(`row ${i} ${result.featureNames[k]}: got ${got[k]}, naive ${want}`);
      }
    });
  }
}

describe('buildFeatureWindows — hand-checked values', () => {
  // Expected values from numpy 1.24 (nanmean, nanstd ddof 0, nanmin, nanmax,
  // polyfit(t_valid, x_valid, 1)[0], last valid) on the same arrays.
  it('computes every aggregation on two complete signals, signal-major', () => {
    const result = buildFeatureWindows(recipe({ signals: ['a', 'b'] }), {
      a: series([3, 1, 4, 1, 5, 9, 2, 6]),
      b: series([2, 7, 1, 8, 2, 8, 1, 8]),
    });
    expect(result.featureNames).toEqual(['a.mean', 'a.std', 'a.min', 'a.max', 'a.slope', 'a.last', 'b.mean', 'b.std', 'b.min', 'b.max', 'b.slope', 'b.last']);
    expect(result.total).toBe(3);
    expect(result.rows).toBe(3);
    expect(result.cols).toBe(12);
    const expected = [
      [2.25, 1.299038105676658, 1, 4, -0.3, 1, 4.5, 3.0413812651491097, 1, 8, 1.2, 8],
      [4.75, 2.8613807855648994, 1, 9, 1.9, 9, 4.75, 3.2691742076555053, 1, 8, 1.5, 8],
      [5.5, 2.5, 2, 9, -0.4, 6, 4.75, 3.2691742076555053, 1, 8, 1.1, 8],
    ];
    expected.forEach((want, r) => row(result, r).forEach((got, k) => expect(got).toBeCloseTo(want[k], 5)));
    expect(Array.from(result.windowEndMs)).toEqual([T0 + 4 * MIN, T0 + 6 * MIN, T0 + 8 * MIN]);
    expect(Array.from(result.coverage)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('aggregates over valid samples only and reports coverage', () => {
    const result = buildFeatureWindows(recipe({ windowMs: 3 * MIN, minCoverage: 0.5 }), {
      a: series([1, 2, NaN, 4, 5, 6]),
    });
    expect(result.total).toBe(2);
    expect(row(result, 0)).toEqual([1.5, 0.5, 1, 2, 1, 2]);
    expect(row(result, 1)).toEqual([4.5, 0.5, 4, 5, 1, 5]);
    expect(Array.from(result.coverage)).toEqual([Math.fround(2 / 3), Math.fround(2 / 3)]);
  });

  it('keeps a window only when every signal reaches minCoverage', () => {
    const r = recipe({ signals: ['a', 'b'], windowMs: 3 * MIN, aggregations: ['mean'], minCoverage: 2 / 3 });
    const result = buildFeatureWindows(r, {
      a: series([1, 1, 1, 1, 1, 1, 1]),
      b: series([NaN, 10, NaN, 13, 14, NaN, NaN]),
    });
    // b's coverage per window is 1/3, 2/3, 1/3.
    expect(result.total).toBe(3);
    expect(result.rows).toBe(1);
    expect(result.skipped).toBe(2);
    expect(row(result, 0)).toEqual([1, 13.5]);
    expect(Array.from(result.windowEndMs)).toEqual([T0 + 5 * MIN]);
  });

  it('never emits NaN: a window needs one valid sample, and two when slope is asked for', () => {
    const values = [NaN, 10, NaN, 13, 14, NaN, NaN, NaN, NaN];
    const withSlope = buildFeatureWindows(recipe({ windowMs: 3 * MIN }), { a: series(values) });
    expect(withSlope.total).toBe(4);
    expect(withSlope.rows).toBe(1); // [2,5) has 13 and 14; the others have one point or none
    expect(row(withSlope, 0)).toEqual([13.5, 0.5, 13, 14, 1, 14]);
    const noSlope = buildFeatureWindows(recipe({ windowMs: 3 * MIN, aggregations: ['mean', 'std'] }), {
      a: series(values),
    });
    expect(noSlope.rows).toBe(3); // the all-missing last window is skipped even at minCoverage 0
    expect(Array.from(noSlope.features)).toEqual([10, 0, 13.5, 0.5, 14, 0]);
  });

  it('skips every window of an all-missing signal', () => {
    const result = buildFeatureWindows(recipe({ signals: ['a', 'b'] }), {
      a: series([1, 2, 3, 4, 5, 6, 7, 8]),
      b: series(new Array(8).fill(NaN)),
    });
    expect(result.total).toBe(3);
    expect(result.rows).toBe(0);
    expect(result.skipped).toBe(3);
    expect(result.features.length).toBe(0);
    expect(result.windowEndMs.length).toBe(0);
  });

  it('treats ±Infinity like a missing sample', () => {
    const result = buildFeatureWindows(recipe({ windowMs: 3 * MIN, minCoverage: 0.5 }), {
      a: series([1, 2, Infinity, 4, 5, -Infinity]),
    });
    expect(row(result, 0)).toEqual([1.5, 0.5, 1, 2, 1, 2]);
    expect(row(result, 1)).toEqual([4.5, 0.5, 4, 5, 1, 5]);
  });

  it('produces no window when the data is shorter than one window', () => {
    const result = buildFeatureWindows(recipe({ windowMs: 10 * MIN }), { a: series([1, 2, 3]) });
    expect(result).toMatchObject({ rows: 0, total: 0, skipped: 0 });
    expect(result.features.length).toBe(0);
    const empty = buildFeatureWindows(recipe(), { a: series([]) });
    expect(empty).toMatchObject({ rows: 0, total: 0, skipped: 0 });
  });

  it('accepts a Map of series as well as a plain object', () => {
    const viaMap = buildFeatureWindows(recipe(), new Map([['a', series([3, 1, 4, 1, 5, 9, 2, 6])]]));
    expect(row(viaMap, 0)[0]).toBe(2.25);
  });
});

describe('buildFeatureWindows — against a full re-scan of every window', () => {
  const cases: Array<[string, number, number]> = [
    ['window a multiple of step (6h/1h in minutes)', 360, 60],
    ['window not a multiple of step', 90, 60],
    ['coprime window and step (base block of one sample)', 7, 3],
    ['step longer than window (windows with gaps between them)', 20, 45],
    ['non-overlapping windows', 30, 30],
  ];
  it.each(cases)('%s', (_label, windowSamples, stepSamples) => {
    const rand = mulberry32(windowSamples * 1000 + stepSamples);
    const n = 3000 + Math.floor(rand() * 500);
    const input = {
      vib: series(randomSignal(rand, n, 4, 0.002, windowSamples)),
      temp: series(randomSignal(rand, n, 70, 0.004, windowSamples)),
      current: series(randomSignal(rand, n, -250, 0.001, windowSamples)),
    };
    const r: FeatureRecipe = {
      signals: ['vib', 'temp', 'current'],
      windowMs: windowSamples * MIN,
      stepMs: stepSamples * MIN,
      aggregations: ['slope', 'mean', 'last', 'std', 'max', 'min'],
      minCoverage: 0.75,
    };
    const result = buildFeatureWindows(r, input);
    expect(result.rows).toBeGreaterThan(0);
    expect(result.skipped).toBeGreaterThan(0);
    expectCloseToNaive(result, r, input);
  });

  it('agrees for every minCoverage threshold on heavily gapped data', () => {
    const rand = mulberry32(7);
    const input = { a: series(randomSignal(rand, 2000, 10, 0.02)) };
    for (const minCoverage of [0, 0.25, 0.5, 0.9, 1]) {
      const r = recipe({ windowMs: 50 * MIN, stepMs: 20 * MIN, minCoverage });
      expectCloseToNaive(buildFeatureWindows(r, input), r, input);
    }
  });
});

describe('buildFeatureWindows — numerical accuracy at large offsets', () => {
  // Small noise on a large level is where a raw Σx² loses the variance to cancellation.
  it.each([1e4, 1.2e7])('std and slope of ±1 noise around %d match a two-pass scan', (level) => {
    const rand = mulberry32(level);
    const n = 24 * 60;
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      // Whole numbers stay exact in float32 even at 1.2e7, so the reference sees the same data.
      values[i] = rand() < 0.05 ? NaN : level + Math.round((rand() - 0.5) * 6) + (level < 1e6 ? Math.round(rand() * 8) / 8 : 0);
    }
    const r = recipe({ windowMs: 360 * MIN, stepMs: 60 * MIN, minCoverage: 0.8 });
    const result = buildFeatureWindows(r, { a: series(values) });
    const naive = naiveFeatureWindows(r, { a: series(values) });
    expect(result.rows).toBe(naive.features.length);
    expect(result.rows).toBeGreaterThan(10);
    for (let i = 0; i < result.rows; i++) {
      const [mean, std, , , slope] = row(result, i);
      const [wantMean, wantStd, , , wantSlope] = naive.features[i];
      expect(Math.abs(std - wantStd)).toBeLessThan(1e-6);
      expect(Math.abs(slope - wantSlope)).toBeLessThan(1e-8);
      expect(mean).toBe(Math.fround(wantMean));
    }
  });
});

describe('buildFeatureWindows — grids', () => {
  it('pads signals that start later or end earlier with missing samples', () => {
    const a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    const b = [7, 1, 8, 2, 8];
    const r = recipe({ signals: ['a', 'b'], minCoverage: 0.5 });
    const shifted = buildFeatureWindows(r, { a: series(a), b: series(b, T0 + 3 * MIN) });
    const padded = buildFeatureWindows(r, {
      a: series(a),
      b: series([NaN, NaN, NaN, ...b, NaN, NaN]),
    });
    expect(shifted.rows).toBeGreaterThan(0);
    expect(shifted).toEqual(padded);
  });

  it('starts the windows at the earliest series', () => {
    const result = buildFeatureWindows(recipe({ signals: ['a', 'b'], aggregations: ['last'] }), {
      a: series([1, 2, 3, 4, 5, 6], T0 + 2 * MIN),
      b: series([1, 2, 3, 4, 5, 6, 7, 8]),
    });
    expect(Array.from(result.windowEndMs)).toEqual([T0 + 4 * MIN, T0 + 6 * MIN, T0 + 8 * MIN]);
  });

  function codeOf(fn: () => unknown): string {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(InferenceException);
      return `${(err as InferenceException).code}: ${(err as Error).message}`;
    }
    throw new Error('expected a refusal');
  }

  it('refuses signals sampled at different intervals, naming both', () => {
    const msg = codeOf(() => buildFeatureWindows(recipe({ signals: ['a', 'b'] }), { a: series([1, 2]), b: series([1, 2], T0, 1000) }));
    expect(msg).toContain(InferenceErrorCode.GridMismatch);
    expect(msg).toContain('a: 60000 ms');
    expect(msg).toContain('b: 1000 ms');
  });

  it('refuses a series that is off the grid by a fraction of a sample', () => {
    const msg = codeOf(() => buildFeatureWindows(recipe({ signals: ['a', 'b'] }), { a: series([1, 2]), b: series([1, 2], T0 + 30_000) }));
    expect(msg).toMatch(/GRID_MISMATCH: series "b" starts at .* not on the 60000 ms grid/);
  });

  it('refuses windows and steps that are not whole samples', () => {
    expect(codeOf(() => buildFeatureWindows(recipe({ windowMs: 90_000 }), { a: series([1]) }))).toContain(
      'window of 90000 ms is not a whole number of 60000 ms samples',
    );
    expect(codeOf(() => buildFeatureWindows(recipe({ stepMs: 1 }), { a: series([1]) }))).toContain('step of 1 ms');
  });

  it('refuses a missing signal and a bad recipe with their codes', () => {
    expect(codeOf(() => buildFeatureWindows(recipe({ signals: ['a', 'zz'] }), { a: series([1]) }))).toBe('MISSING_SIGNAL: no series for signal "zz"');
    const bad: Array<Partial<FeatureRecipe>> = [
      { signals: [] },
      { signals: ['a', 'a'] },
      { aggregations: ['median' as never] },
      { aggregations: ['mean', 'mean'] },
      { minCoverage: 1.5 },
      { minCoverage: NaN },
      { windowMs: 0 },
      { stepMs: -MIN },
    ];
    for (const overrides of bad) {
      expect(codeOf(() => buildFeatureWindows(recipe(overrides), { a: series([1]) }))).toMatch(/^INVALID_RECIPE: /);
    }
  });
});
