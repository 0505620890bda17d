import { sortNumbers } from './sort.util';

/** Deterministic uniforms (Park–Miller). */
function uniforms(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

describe('sortNumbers', () => {
  it('gives exactly the built-in typed-array sort: random, few distinct values, sorted, reversed, any length', () => {
    const u = uniforms(3);
    for (const n of [0, 1, 2, 3, 16, 17, 100, 2000, 5000]) {
      const inputs = [
        Float64Array.from({ length: n }, () => (u() - 0.5) * 1e3),
        Float64Array.from({ length: n }, () => Math.floor(u() * 4)), // ties everywhere, as a quantised signal
        Float64Array.from({ length: n }, (_, i) => i),
        Float64Array.from({ length: n }, (_, i) => n - i),
      ];
      for (const x of inputs) expect(same(sortNumbers(x.slice()), x.slice().sort())).toBe(true);
    }
  });

  it('puts NaN last and −0 before +0, as the built-in does, in Float64Array and Float32Array', () => {
    const u = uniforms(11);
    const pool = [NaN, -0, 0, -1, 1, 0.5, -0.5, Infinity, -Infinity];
    for (const n of [5, 40, 1000]) {
      const x = Float64Array.from({ length: n }, () => pool[Math.floor(u() * pool.length)]);
      expect(same(sortNumbers(x.slice()), x.slice().sort())).toBe(true);
      const f = Float32Array.from(x);
      expect(same(sortNumbers(f.slice()), f.slice().sort())).toBe(true);
    }
    expect(Array.from(sortNumbers(Float64Array.from([0, NaN, -0, 2, -0]))).map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual([
      '-0',
      '-0',
      '0',
      '2',
      'NaN',
    ]);
  });

  it('sorts an order built to unbalance median-of-three (organ pipe) the same', () => {
    const n = 4096;
    const x = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? i : n - i));
    expect(same(sortNumbers(x.slice()), x.slice().sort())).toBe(true);
  });
});
