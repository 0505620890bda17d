import { kthSmallest, mean, median, quantile, quantiles, sortedCopy, std } from './descriptive.util';
import { sortNumbers } from './sort.util';
import { normals } from './test-fixtures.util';

// Reference values from numpy 1.24, x = normals(7, 1000) from
// test-fixtures.util.ts:
//   x.mean(), x.std(), x.std(ddof=1), np.median(x)
//   np.quantile(np.sort(x), [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1])
const x = normals(7, 1000);

describe('sortedCopy', () => {
  it('drops NaN and sorts numerically (not as strings)', () => {
    expect(Array.from(sortedCopy([3, 1, NaN, 10, 2, NaN]))).toEqual([1, 2, 3, 10]);
    expect(Array.from(sortedCopy(new Float32Array([0.5, -1, NaN])))).toEqual([-1, 0.5]);
  });

  it('leaves the input untouched and reuses a large enough scratch buffer', () => {
    const input = new Float64Array([2, 1, 3]);
    const scratch = new Float64Array(8);
    const out = sortedCopy(input, scratch);
    expect(Array.from(input)).toEqual([2, 1, 3]);
    expect(out.buffer).toBe(scratch.buffer);
    expect(Array.from(out)).toEqual([1, 2, 3]);
    const small = new Float64Array(2);
    expect(sortedCopy(input, small).buffer).not.toBe(small.buffer);
  });

  it('returns an empty array for empty or all-NaN input', () => {
    expect(sortedCopy([]).length).toBe(0);
    expect(sortedCopy([NaN, NaN]).length).toBe(0);
  });
});

describe('mean / std / median', () => {
  it('match numpy on 1000 pseudo-normal values', () => {
    expect(mean(x)).toBeCloseTo(-0.0005827083897696284, 13);
    expect(std(x)).toBeCloseTo(0.9851181453330269, 13);
    expect(std(x, 1)).toBeCloseTo(0.985611074133117, 13);
    expect(median(x)).toBe(0.03193498148207263);
  });

  it('keeps precision on a large offset', () => {
    // big = 1e9 + np.array([0.1, 0.2, 0.3, 0.4]); big.std(), big.std(ddof=1)
    const big = [1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.4];
    expect(std(big)).toBeCloseTo(0.11180337221904872, 6);
    expect(std(big, 1)).toBeCloseTo(0.1290994140939514, 6);
  });

  it('returns NaN when there is no data (empty, or n - ddof <= 0)', () => {
    expect(mean([])).toBeNaN();
    expect(std([])).toBeNaN();
    expect(std([4], 1)).toBeNaN();
    expect(std([4])).toBe(0);
    expect(median([])).toBeNaN();
  });

  it('propagates NaN like numpy and handles all-equal values', () => {
    expect(mean([1, NaN])).toBeNaN();
    expect(median([1, 2, NaN])).toBeNaN();
    expect(std([5, 5, 5, 5])).toBe(0);
    expect(median([5, 5, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('takes the middle value or the midpoint of the two middle values, as numpy.median does', () => {
    // np.median([0.17, 0.95]), np.median([1, 2, np.inf]), np.median([-np.inf, 1, 2, np.inf]) (numpy 2.4);
    // np.quantile([0.17, 0.95], 0.5) is 0.56 and np.quantile([1, 2, np.inf], 0.5) is nan.
    expect(median([0.95, 0.17])).toBe(0.5599999999999999);
    expect(median([Infinity, 1, 2])).toBe(2);
    expect(median([-Infinity, 1, 2, Infinity])).toBe(1.5);
  });
});

describe('median and kthSmallest by selection', () => {
  let seed = 5;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  // What a sort gives (−0 before +0): the definition the selection must reproduce to the bit.
  const sortedMedian = (x: Float64Array) => {
    const s = sortNumbers(x.slice());
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const samples = (n: number): Float64Array[] => [
    Float64Array.from({ length: n }, () => next() * 2 - 1),
    // quantised, a stuck signal, signed zeros, infinities
    Float64Array.from({ length: n }, () => Math.round(next() * 4) / 2 - 1),
    Float64Array.from({ length: n }, () => 7.25),
    Float64Array.from({ length: n }, () => [-0, 0, -0, 1, -1][Math.floor(next() * 5)]),
    Float64Array.from({ length: n }, () => [-Infinity, Infinity, 0, 2][Math.floor(next() * 4)]),
    // already in order, and the reverse
    Float64Array.from({ length: n }, (_, i) => i * 0.5),
    Float64Array.from({ length: n }, (_, i) => n - i),
  ];

  it('gives the median a sort gives, to the bit, on continuous, quantised, stuck, signed-zero, infinite and ordered data', () => {
    for (const n of [1, 2, 3, 4, 5, 16, 17, 18, 33, 100, 1440, 1441]) for (const x of samples(n)) expect(Object.is(median(x), sortedMedian(x))).toBe(true);
    expect(Object.is(median([0, -0, -0]), -0)).toBe(true);
    expect(Object.is(median([0, -0, 0]), 0)).toBe(true);
  });

  it('puts the k-th smallest at k, the smaller values before it and the larger after', () => {
    for (const n of [1, 7, 40, 300])
      for (const x of samples(n)) {
        const sorted = sortNumbers(x.slice());
        for (let k = 0; k < n; k += Math.max(1, n >> 4)) {
          const a = x.slice();
          const v = kthSmallest(a, k);
          expect(Object.is(v, sorted[k])).toBe(true);
          expect(a.every((w, i) => (i < k ? w <= v : i > k ? w >= v : w === v))).toBe(true);
          // a rearrangement: nothing lost, nothing added
          expect(sortNumbers(a)).toEqual(sorted);
        }
      }
  });
});

describe('quantiles', () => {
  it('interpolate linearly like numpy (default method)', () => {
    const q = quantiles(sortedCopy(x), [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1]);
    const expected = [
      -2.748109621809847, -2.2307349819460582, -1.2769215012793071, -0.661141455132114, 0.03193498148207263, 0.680978321205348, 1.2748695713350864,
      2.1174359009868633, 3.0871460596505305,
    ];
    expected.forEach((e, i) => expect(q[i]).toBeCloseTo(e, 14));
    // np.quantile([1, 2, 3, 5], [0.3, 0.5, 2/3, 0.95])
    const small = quantiles([1, 2, 3, 5], [0.3, 0.5, 2 / 3, 0.95]);
    [1.9, 2.5, 3.0, 4.699999999999999].forEach((e, i) => expect(small[i]).toBeCloseTo(e, 14));
  });

  it('give NaN on empty data and the value itself on one value', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([7], 0.3)).toBe(7);
    expect(Array.from(quantiles([2, 2, 2], [0, 0.5, 1]))).toEqual([2, 2, 2]);
  });

  it('reject probabilities outside [0, 1]', () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], NaN)).toThrow(RangeError);
  });
});
