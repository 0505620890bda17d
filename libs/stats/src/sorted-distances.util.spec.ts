import { join } from 'node:path';
import { assembledFromSource } from './wasm.util';
import { sortedCopy } from './descriptive.util';
import { ksAndWasserstein } from './ks-wasserstein.util';
import { sortedKsAndWasserstein } from './sorted-distances.util';
import { sortNumbers } from './sort.util';
import { normals } from './test-fixtures.util';

/** The JavaScript way: `sortNumbers` then `ksAndWasserstein`, on a copy. */
function javascript(reference: ArrayLike<number>, sample: Float32Array) {
  const sorted = sortNumbers(sample.slice());
  return { sorted, ...ksAndWasserstein(reference, sorted) };
}

function expectSame(reference: ArrayLike<number>, sample: Float32Array): void {
  const want = javascript(reference, sample);
  const column = sample.slice();
  const got = sortedKsAndWasserstein(reference, column);
  // Sorted in place to the bit (−0 before +0), and the same two numbers (Object.is: NaN, −0).
  expect(Buffer.from(column.buffer).equals(Buffer.from(want.sorted.buffer))).toBe(true);
  expect(Object.is(got.ks, want.ks) && Object.is(got.w1, want.w1)).toBe(true);
}

describe('sortedKsAndWasserstein (sort and merge in WebAssembly)', () => {
  it('sorts as sortNumbers does and gives ksAndWasserstein to the bit: continuous, shifted, one magnitude', () => {
    const ref = sortedCopy(normals(1, 2000));
    expectSame(ref, new Float32Array(normals(2, 2100, 0.3, 1.2)));
    expectSame(ref, new Float32Array(normals(3, 700)));
    // Feature values of one magnitude (a temperature near 100): the top digit is shared and skipped.
    expectSame(sortedCopy(normals(4, 1500, 100)), new Float32Array(normals(5, 2100, 100.2)));
    // A reference of Float32 values read back as numbers, and the same values as the sample (ties across the two).
    const f32 = new Float32Array(normals(6, 900));
    expectSame(Array.from(sortedCopy(f32)), f32);
    // Not trivial: there is drift to measure.
    expect(sortedKsAndWasserstein(ref, new Float32Array(normals(2, 2100, 0.3, 1.2))).ks).toBeGreaterThan(0.05);
  });

  it('and on runs of ties, signed zeros, negatives, extremes and tiny samples', () => {
    const quarters = (seed: number, n: number) => normals(seed, n).map((v) => Math.round(v * 4) / 4);
    expectSame(sortedCopy(quarters(7, 900)), new Float32Array(quarters(8, 1300)));
    expectSame([-0, 0, 0, 1], Float32Array.from([0, -0, 2, -0, 0]));
    expectSame([-1e30, -1, 0, 1e30], Float32Array.from([3.4e38, -3.4e38, 1e-45, -1e-45, 0, -0, Infinity, -Infinity]));
    expectSame([1, 2, 3], Float32Array.from([20, 10]));
    expectSame([10, 20], Float32Array.from([3, 1, 2]));
    expectSame([5], Float32Array.from([5]));
    expect(sortedKsAndWasserstein([1, 2, 3], Float32Array.from([20, 10]))).toEqual({ ks: 1, w1: 13 });
  });

  it('and on many short samples of few values, where each side runs out first and runs of ties reach the ends', () => {
    const values = [-Infinity, -1, -0, 0, 0.5, 1, Infinity];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const draw = (n: number) => Array.from({ length: n }, () => values[Math.floor(next() * values.length)]);
    for (let k = 0; k < 300; k++) expectSame(sortedCopy(draw(1 + Math.floor(next() * 6))), Float32Array.from(draw(1 + Math.floor(next() * 6))));
  });

  it('gives NaN for an empty side (the sample still sorted) and refuses NaN', () => {
    const sample = Float32Array.from([3, 1, 2]);
    expect(sortedKsAndWasserstein([], sample)).toEqual({ ks: NaN, w1: NaN });
    expect(Array.from(sample)).toEqual([1, 2, 3]);
    expect(sortedKsAndWasserstein([1], new Float32Array(0))).toEqual({ ks: NaN, w1: NaN });
    expect(() => sortedKsAndWasserstein([1, NaN], Float32Array.from([0.5, 2]))).toThrow(/NaN/);
    expect(() => sortedKsAndWasserstein([1, 2], Float32Array.from([0.5, NaN, 2]))).toThrow(/NaN/);
  });

  it('runs the module assembled from its source', async () => {
    // If this fails, the .wat was edited without `npm run build:wasm`.
    expect(await assembledFromSource(join(__dirname, 'sorted-distances.wat'))).toBe(true);
  });
});
