import { histogram, referenceBins } from './bins.util';
import { sortedCopy } from './descriptive.util';
import { jensenShannon, jensenShannonFromSamples, psi, psiFromSamples } from './drift.util';
import { normals } from './test-fixtures.util';

// Python reference (numpy 1.24 / scipy 1.10):
//   def psi(a, b, floor=1e-4):
//       a = np.clip(a, floor, None); b = np.clip(b, floor, None)
//       return float(np.sum((b - a) * np.log(b / a)))
//   ref = normals(1, 2000); samp = normals(2, 1500, 0.3, 1.2)   # test-fixtures.util.ts
//   edges = np.quantile(np.sort(ref), np.arange(1, 10) / 10)
//   props = lambda s: (c := np.bincount(np.searchsorted(edges, s, side='right'), minlength=10)) / c.sum()
//   psi(props(ref), props(samp))                                  -> 0.10951188693340379
//   jensenshannon(props(ref), props(samp), base=2)                -> 0.13944812553399785
const ref = sortedCopy(normals(1, 2000));
const shifted = normals(2, 1500, 0.3, 1.2);

describe('psi', () => {
  it('matches the numpy formula', () => {
    expect(psi([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4])).toBeCloseTo(0.22821740957339182, 14);
    // An empty reference bin is floored at 1e-4 instead of giving Infinity.
    expect(psi([0.5, 0.5, 0], [0.4, 0.4, 0.2])).toBeCloseTo(1.5640491119253044, 12);
  });

  it('is 0 for identical distributions and grows with the shift', () => {
    expect(psi([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
    const small = psiFromSamples(ref, normals(9, 1500, 0.1));
    const large = psiFromSamples(ref, normals(9, 1500, 1.0));
    expect(small).toBeLessThan(0.1);
    expect(large).toBeGreaterThan(0.25);
  });

  it('from samples matches the binned numpy computation', () => {
    expect(psiFromSamples(ref, shifted)).toBeCloseTo(0.10951188693340379, 12);
    const edges = referenceBins(ref);
    expect(psi(histogram(ref, edges), histogram(shifted, edges))).toBe(psiFromSamples(ref, shifted));
  });

  it('flags a live sensor against a flat reference, and not a flat one', () => {
    expect(psiFromSamples([3, 3, 3, 3], [3, 3, 3])).toBe(0);
    expect(psiFromSamples([3, 3, 3, 3], [3, 3.5, 4])).toBeGreaterThan(1);
  });

  it('gives NaN without data and throws on mismatched bins', () => {
    expect(psiFromSamples([], [1, 2])).toBeNaN();
    expect(psiFromSamples(ref, [])).toBeNaN();
    expect(psiFromSamples(ref, [NaN, NaN])).toBeNaN();
    expect(() => psi([0.5, 0.5], [1])).toThrow(RangeError);
    expect(() => psi([1], [1], 0)).toThrow(RangeError);
  });
});

describe('jensenShannon', () => {
  it('matches scipy.spatial.distance.jensenshannon(p, q, base=2)', () => {
    expect(jensenShannon([0.1, 0.4, 0.5], [0.8, 0.15, 0.05])).toBeCloseTo(0.6482287947757129, 14);
    // Unnormalised inputs are normalised first, as scipy does.
    expect(jensenShannon([1, 2, 3], [3, 2, 1])).toBeCloseTo(0.354703515198132, 14);
    expect(jensenShannon([0.5, 0.5, 0], [0, 0.5, 0.5])).toBeCloseTo(0.7071067811865476, 14);
    expect(jensenShannon([1, 0], [0, 1])).toBeCloseTo(1, 14);
    expect(jensenShannon([0.2, 0.8], [0.2, 0.8])).toBe(0);
  });

  it('from samples matches the binned scipy computation', () => {
    expect(jensenShannonFromSamples(ref, shifted)).toBeCloseTo(0.13944812553399785, 12);
  });

  it('separates a live sample from a flat reference', () => {
    expect(jensenShannonFromSamples([3, 3, 3], [3, 3])).toBe(0);
    // bins below / at / above 3: [0, 1, 0] vs [0, 0.5, 0.5]; scipy gives 0.5579230452841438
    expect(jensenShannonFromSamples([3, 3, 3], [3, 4])).toBeCloseTo(0.5579230452841438, 14);
  });

  it('gives NaN for no mass and throws on bad input', () => {
    expect(jensenShannon([0, 0], [0.5, 0.5])).toBeNaN();
    expect(jensenShannon([], [])).toBeNaN();
    expect(jensenShannonFromSamples(ref, [])).toBeNaN();
    expect(() => jensenShannon([0.5, 0.5], [1])).toThrow(RangeError);
    expect(() => jensenShannon([-0.5, 1.5], [0.5, 0.5])).toThrow(RangeError);
  });
});
