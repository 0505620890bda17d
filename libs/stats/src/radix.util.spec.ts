import { radixSortFloat32, radixSortFloat64, sortedOrder } from './radix.util';
import { sortNumbers } from './sort.util';

/** Deterministic uniforms (Park–Miller). */
function uniforms(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

/** Values that exercise every digit: both signs, ±0, ±Infinity, subnormals, magnitudes from 1e-300 to 1e300, ties. */
function awkward(n: number, seed: number): Float64Array {
  const u = uniforms(seed);
  const special = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];
  return Float64Array.from({ length: n }, (_, i) =>
    i % 7 === 0 ? special[Math.floor(u() * special.length)] : (u() < 0.5 ? -1 : 1) * u() * 10 ** Math.floor(u() * 600 - 300),
  );
}

describe('radix sorts', () => {
  it('sort Float64Array and Float32Array exactly as the built-in sort: both signs, ±0, infinities, subnormals, every magnitude', () => {
    for (const [n, seed] of [
      [1, 1],
      [2, 2],
      [700, 3],
      [5000, 4],
    ]) {
      const x = awkward(n, seed);
      const a = x.slice();
      radixSortFloat64(a, n);
      expect(same(a, x.slice().sort())).toBe(true);
      const f = Float32Array.from(x);
      const b = f.slice();
      radixSortFloat32(b, n);
      expect(same(b, f.slice().sort())).toBe(true);
    }
  });

  it('leave a constant array (every digit shared, every pass skipped) and values of one magnitude (some passes skipped) right', () => {
    const flat = new Float64Array(1000).fill(518.67);
    radixSortFloat64(flat, flat.length);
    expect(flat.every((v) => v === 518.67)).toBe(true);
    const u = uniforms(9);
    const narrow = Float64Array.from({ length: 3000 }, () => 50 + u());
    const want = narrow.slice().sort();
    radixSortFloat64(narrow, narrow.length);
    expect(same(narrow, want)).toBe(true);
  });

  it('sort a view in the middle of a larger buffer and touch nothing outside it (sortNumbers on a subarray)', () => {
    const u = uniforms(5);
    const whole = Float64Array.from({ length: 3000 }, () => u() * 100 - 50);
    const before = whole.slice();
    const view = whole.subarray(1000, 2000);
    sortNumbers(view);
    expect(same(view, before.subarray(1000, 2000).slice().sort())).toBe(true);
    expect(same(whole.subarray(0, 1000), before.subarray(0, 1000))).toBe(true);
    expect(same(whole.subarray(2000), before.subarray(2000))).toBe(true);
  });

  it('sortedOrder is the stable argsort: ties and ±0 in index order, NaN last in index order', () => {
    const u = uniforms(13);
    for (const n of [0, 1, 3, 600, 4000]) {
      const values = Array.from({ length: n }, (_, i) =>
        i % 11 === 0 ? NaN : i % 13 === 0 ? (u() < 0.5 ? -0 : 0) : Math.round(u() * 16) / 4 - 2 + (i % 17 === 0 ? 1e-12 : 0),
      );
      const stable = values
        .map((_, i) => i)
        .sort((a, b) => {
          const x = values[a];
          const y = values[b];
          if (x !== x || y !== y) return (x !== x ? 1 : 0) - (y !== y ? 1 : 0);
          return x - y;
        });
      expect(Array.from(sortedOrder(Float64Array.from(values)))).toEqual(stable);
    }
  });

  it('sortedOrder orders values that share a float32 by their full value: every magnitude, subnormals, beyond float32, clusters', () => {
    /** The reference: a stable comparison sort of the indices, NaN last. */
    const stable = (values: Float64Array) =>
      Array.from(values.keys()).sort((a, b) => {
        const x = values[a];
        const y = values[b];
        if (x !== x || y !== y) return (x !== x ? 1 : 0) - (y !== y ? 1 : 0);
        return x < y ? -1 : x > y ? 1 : 0;
      });
    const u = uniforms(29);
    // Hourly means of a nearly flat signal: thousands of distinct doubles within one float32 step, in random order
    // (the long-run path), next to a short cluster (the insertion path) and exact ties.
    const cluster = Float64Array.from({ length: 3000 }, (_, i) => (i % 500 === 0 ? 392 : i % 3 === 0 ? 7 + u() * 1e-9 : 392 + u() * 1e-9));
    const short = Float64Array.from({ length: 40 }, (_, i) => 1 + (i % 5) * 1e-12 - (i % 2) * 1e-13);
    for (const values of [awkward(3000, 31), cluster, short, Float64Array.from([1e300, 1e299, -1e300, 5e-324, -5e-324, -0, 0, 1e-46, -1e-46, NaN, Infinity])])
      expect(Array.from(sortedOrder(values))).toEqual(stable(values));
  });

  it('sortedOrder looks only at the first count values and accepts plain arrays', () => {
    expect(Array.from(sortedOrder([3, 1, 2, -5, -7], 3))).toEqual([1, 2, 0]);
  });
});
