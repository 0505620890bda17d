import { join } from 'node:path';
import { assembledFromSource } from '@fleetgate/stats';
import { computeBlockStats } from './block-stats.util';
import { FeatureRecipe } from './feature-recipe.util';
import { FeatureWindows, windowsFromBlocks } from './feature-windows.util';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

/** Park–Miller: the same signals on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** A noisy walk around `level` with downtime (runs of NaN) and isolated drops. */
function signal(seed: number, n: number, level: number, gapRate: number): Float32Array {
  const r = lcg(seed);
  const out = new Float32Array(n);
  let walk = level;
  let gap = 0;
  for (let i = 0; i < n; i++) {
    walk += (r() - 0.5) * 0.05 * Math.max(1, Math.abs(level) * 0.01);
    if (gap === 0 && r() < gapRate) gap = 1 + Math.floor(r() * 150);
    out[i] = gap > 0 ? NaN : walk + (r() - 0.5);
    if (gap > 0) gap--;
  }
  return out;
}

/** The windows both ways from the same blocks of `blockSize` samples. */
function bothWays(recipe: FeatureRecipe, values: Float32Array[], blockSize: number): { vector: FeatureWindows; scalar: FeatureWindows } {
  const blocks = Math.floor(values[0].length / blockSize);
  const stats = values.map((v) => computeBlockStats(v, 0, blockSize, blocks));
  const grid = { startMs: T0, intervalMs: MIN, length: blocks * blockSize };
  return { vector: windowsFromBlocks(recipe, grid, stats), scalar: windowsFromBlocks(recipe, grid, stats, { vector: false }) };
}

function expectSameBits(a: FeatureWindows, b: FeatureWindows): void {
  expect(a.rows).toBe(b.rows);
  expect(a.skipped).toBe(b.skipped);
  expect(
    Buffer.from(a.features.buffer, a.features.byteOffset, a.features.byteLength).equals(
      Buffer.from(b.features.buffer, b.features.byteOffset, b.features.byteLength),
    ),
  ).toBe(true);
  expect(
    Buffer.from(a.coverage.buffer, a.coverage.byteOffset, a.coverage.byteLength).equals(
      Buffer.from(b.coverage.buffer, b.coverage.byteOffset, b.coverage.byteLength),
    ),
  ).toBe(true);
  expect(Array.from(a.windowEndMs)).toEqual(Array.from(b.windowEndMs));
}

describe('windowsFromBlocks in WebAssembly (window-kernel)', () => {
  const days = 10;
  const n = days * 24 * 60;
  const signals = ['a', 'b', 'c'];
  const values = [signal(1, n, 100, 0.001), signal(2, n, -3, 0.003), signal(3, n, 1e6, 0.0005)];

  it('gives the JavaScript windows bit for bit: hourly blocks, 6 h windows every hour, every aggregation', () => {
    const recipe: FeatureRecipe = {
      signals,
      windowMs: 6 * 60 * MIN,
      stepMs: 60 * MIN,
      aggregations: ['mean', 'std', 'min', 'max', 'slope', 'last'],
      minCoverage: 0.8,
    };
    const { vector, scalar } = bothWays(recipe, values, 60);
    expectSameBits(vector, scalar);
    // Not trivial: some windows kept, some dropped for coverage.
    expect(vector.rows).toBeGreaterThan(50);
    expect(vector.skipped).toBeGreaterThan(0);
  });

  it('and with aggregations in another order, steps of several blocks and blocks smaller than the step', () => {
    const shuffled: FeatureRecipe = { signals, windowMs: 4 * 60 * MIN, stepMs: 2 * 60 * MIN, aggregations: ['last', 'slope', 'mean', 'max'], minCoverage: 0.5 };
    expectSameBits(...(Object.values(bothWays(shuffled, values, 60)) as [FeatureWindows, FeatureWindows]));
    expectSameBits(...(Object.values(bothWays(shuffled, values, 120)) as [FeatureWindows, FeatureWindows]));
    const fine: FeatureRecipe = { signals: ['a'], windowMs: 30 * MIN, stepMs: 10 * MIN, aggregations: ['std', 'min'], minCoverage: 0 };
    expectSameBits(...(Object.values(bothWays(fine, [values[0]], 5)) as [FeatureWindows, FeatureWindows]));
  });

  it('and on empty blocks, signed zeros, a constant signal and a single sample per window', () => {
    // Hours that start with −0, with +0 or with a gap: a window's min and max are ±0 ties taken from the first block.
    const zeros = Float32Array.from({ length: 24 * 60 }, (_, i) => ((i + Math.floor(i / 60)) % 3 === 0 ? -0 : (i + Math.floor(i / 60)) % 3 === 1 ? 0 : NaN));
    const flat = new Float32Array(24 * 60).fill(518.67);
    const sparse = Float32Array.from({ length: 24 * 60 }, (_, i) => (i % 60 === 7 ? i / 60 : NaN));
    const recipe: FeatureRecipe = {
      signals: ['z', 'f', 's'],
      windowMs: 120 * MIN,
      stepMs: 60 * MIN,
      aggregations: ['mean', 'std', 'min', 'max', 'last'],
      minCoverage: 0,
    };
    const { vector, scalar } = bothWays(recipe, [zeros, flat, sparse], 60);
    expectSameBits(vector, scalar);
    expect(vector.rows).toBe(23);
    // With slope a window needs two samples: one per hour is too few for a 1-hour window.
    const slope: FeatureRecipe = { ...recipe, windowMs: 60 * MIN, aggregations: ['slope'] };
    const one = bothWays(slope, [zeros, flat, sparse], 60);
    expectSameBits(one.vector, one.scalar);
    expect(one.vector.rows).toBe(0);
  });

  it('runs the module assembled from its source', async () => {
    // If this fails, the .wat was edited without `npm run build:wasm`.
    expect(await assembledFromSource(join(__dirname, 'window-kernel.wat'))).toBe(true);
  });
});
