import { sortedCopy } from './descriptive.util';
import { kolmogorovSurvival, ksTwoSample } from './ks.util';
import { normals } from './test-fixtures.util';

// scipy 1.10; fixtures from test-fixtures.util.ts.
//   special.kolmogorov(lam)
//   stephens = lambda d, na, nb: special.kolmogorov((np.sqrt(en := na*nb/(na+nb)) + 0.12 + 0.11/np.sqrt(en)) * d)
//   ref = normals(1, 2000); samp = normals(2, 1500, 0.3, 1.2)
//   stats.ks_2samp(ref, samp, method='asymp')                    -> D 0.13349999999999995, p 8.831868370050545e-14
//   stats.ks_2samp(np.round(ref*2), np.round(samp*2), 'asymp')   -> D 0.13216666666666665 (ties)
//   a = normals(3, 60); b = normals(4, 45, 0.5); ks_2samp(a, b, method='asymp')
//                                                                -> D 0.4111111111111111, p 0.0001727103599364789
const ref = sortedCopy(normals(1, 2000));
const samp = sortedCopy(normals(2, 1500, 0.3, 1.2));

describe('kolmogorovSurvival', () => {
  it('matches scipy.special.kolmogorov on both sides of the series switch', () => {
    const cases: Array<[number, number]> = [
      [0.03, 1.0],
      [0.2, 0.999999999999495],
      [0.5, 0.9639452436648751],
      [0.8, 0.5441424115741981],
      [0.99, 0.2808738392255489],
      [1.0, 0.26999967167735456],
      [1.2, 0.11224966667072497],
      [2, 0.0006709252557796953],
    ];
    for (const [lambda, expected] of cases) expect(kolmogorovSurvival(lambda)).toBeCloseTo(expected, 14);
    // Relative precision in the far tail.
    expect(kolmogorovSurvival(3) / 3.045995948942526e-8).toBeCloseTo(1, 12);
    expect(kolmogorovSurvival(5) / 3.8574996959278356e-22).toBeCloseTo(1, 12);
    expect(kolmogorovSurvival(0)).toBe(1);
  });
});

describe('ksTwoSample', () => {
  it('gives scipy ks_2samp statistic, ties included', () => {
    expect(ksTwoSample(ref, samp).statistic).toBeCloseTo(0.13349999999999995, 15);
    const refInt = sortedCopy(ref.map((v) => Math.round(v * 2)));
    const sampInt = sortedCopy(samp.map((v) => Math.round(v * 2)));
    // numpy rounds half to even, Math.round half up: no value here sits on a .5 after *2.
    expect(ksTwoSample(refInt, sampInt).statistic).toBeCloseTo(0.13216666666666665, 15);
  });

  it('gives a p-value within a few percent of scipy method="asymp"', () => {
    const a = sortedCopy(normals(3, 60));
    const b = sortedCopy(normals(4, 45, 0.5));
    const r = ksTwoSample(a, b);
    expect(r.statistic).toBeCloseTo(0.4111111111111111, 15);
    // Exactly Stephens' formula; scipy's finite-n kstwo gives 0.0001727 here (within 20 %).
    expect(r.pValue).toBeCloseTo(0.00020521513405891405, 15);
    expect(r.pValue / 0.0001727103599364789).toBeGreaterThan(0.8);
    expect(r.pValue / 0.0001727103599364789).toBeLessThan(1.25);
    const big = ksTwoSample(ref, samp);
    expect(big.pValue / 8.315047375393155e-14).toBeCloseTo(1, 10);
    expect(big.pValue / 8.831868370050545e-14).toBeGreaterThan(0.9);
  });

  it('uses the effective sample size for the p-value only', () => {
    const full = ksTwoSample(ref, samp);
    const windows = ksTwoSample(ref, samp, { effectiveN: { a: 40, b: 30 } });
    expect(windows.statistic).toBe(full.statistic);
    // stephens(D, 40, 30)
    expect(windows.pValue).toBeCloseTo(0.8986904213228992, 13);
    expect(() => ksTwoSample(ref, samp, { effectiveN: { a: 0, b: 30 } })).toThrow(RangeError);
  });

  it('is 0 with p = 1 for identical or all-equal data, and 1 for disjoint data', () => {
    expect(ksTwoSample(ref, ref)).toEqual({ statistic: 0, pValue: 1 });
    expect(ksTwoSample([4, 4, 4], [4, 4])).toEqual({ statistic: 0, pValue: 1 });
    expect(ksTwoSample([1, 2, 3], [10, 11]).statistic).toBe(1);
    expect(ksTwoSample([10, 11], [1, 2, 3]).statistic).toBe(1);
  });

  it('gives NaN on empty input and refuses NaN instead of looping', () => {
    expect(ksTwoSample([], [1])).toEqual({ statistic: NaN, pValue: NaN });
    expect(() => ksTwoSample([NaN], [NaN])).toThrow(RangeError);
    expect(() => ksTwoSample([1, NaN], [NaN, NaN])).toThrow(RangeError);
  });
});
