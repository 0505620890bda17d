import { mean, median, quantile, quantiles, sortedCopy, std } from './descriptive.util';
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
