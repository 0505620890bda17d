import { mannKendallZ, theilSenSlope } from './trend.util';

// Reference values from scipy 1.17 / numpy 2.4:
//   scipy.stats.theilslopes(y, x).slope, and S, var, (S − sign S)/√var computed as the docstring says.
const X = [0, 1, 2, 3, 5, 6, 7, 8, 9, 10];
const Y = [10.2, 10.9, 10.1, 11.8, 12.4, 11.9, 13.5, 12.8, 14.1, 13.9];

describe('theilSenSlope', () => {
  it('matches scipy.stats.theilslopes', () => {
    expect(theilSenSlope(X, Y)).toBeCloseTo(0.4249999999999998, 12);
    expect(theilSenSlope([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])).toBe(0.25);
  });

  it('ignores a few wild days that move a least-squares slope', () => {
    const y = Array.from({ length: 20 }, (_, i) => 2 * i);
    y[19] = 1000;
    y[18] = -1000;
    expect(
      theilSenSlope(
        y.map((_, i) => i),
        y,
      ),
    ).toBe(2);
  });

  it('is NaN without two distinct times', () => {
    expect(theilSenSlope([1, 1], [0, 5])).toBeNaN();
    expect(() => theilSenSlope([1], [1, 2])).toThrow(RangeError);
  });
});

describe('mannKendallZ', () => {
  it('matches the textbook statistic (S = 35, var = 125)', () => {
    expect(mannKendallZ(Y)).toBeCloseTo(3.041052449399714, 12);
  });

  it('applies the tie correction (S = 16, var = 159.33)', () => {
    expect(mannKendallZ([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])).toBeCloseTo(1.188332399294654, 12);
  });

  it('is symmetric and 0 for constant values', () => {
    expect(mannKendallZ([...Y].reverse())).toBeCloseTo(-3.041052449399714, 12);
    expect(mannKendallZ([4, 4, 4, 4])).toBe(0);
    expect(mannKendallZ([1, 2])).toBeNaN();
  });
});
