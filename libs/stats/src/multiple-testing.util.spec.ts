import { benjaminiHochberg } from './multiple-testing.util';

// The 15 p-values of Benjamini & Hochberg (1995), section 4.2, shuffled: at q = 0.05
// the paper rejects the 4 smallest. Adjusted values from numpy,
// the same as statsmodels fdr_bh / R p.adjust("BH"):
//   m = len(p); o = np.argsort(p); adj = np.empty(m)
//   adj[o] = np.minimum(1, np.minimum.accumulate((p[o] * m / np.arange(1, m + 1))[::-1])[::-1])
const p = [0.0344, 0.0095, 0.6528, 0.0001, 1.0, 0.324, 0.0004, 0.0278, 0.5719, 0.0019, 0.759, 0.0459, 0.0201, 0.4262, 0.0298];
const expectedAdjusted = [
  0.0645, 0.035625, 0.7532307692307694, 0.0015, 1.0, 0.48600000000000004, 0.003, 0.06385714285714286, 0.714875, 0.0095, 0.8132142857142857, 0.0765, 0.0603,
  0.5811818181818182, 0.06385714285714286,
];

describe('benjaminiHochberg', () => {
  it('reproduces the 1995 paper and the numpy adjusted values, in input order', () => {
    const r = benjaminiHochberg(p, 0.05);
    expectedAdjusted.forEach((e, i) => expect(r.adjusted[i]).toBeCloseTo(e, 14));
    expect(r.rejected).toEqual([false, true, false, true, false, false, true, false, false, true, false, false, false, false, false]);
    expect(r.rejected.filter(Boolean).length).toBe(4);
  });

  it('rejects more at a looser q and nothing when every p is large', () => {
    expect(benjaminiHochberg(p, 0.1).rejected.filter(Boolean).length).toBe(9);
    expect(benjaminiHochberg([0.3, 0.8, 0.5]).rejected).toEqual([false, false, false]);
  });

  it('is the identity for one test and handles no tests', () => {
    expect(Array.from(benjaminiHochberg([0.03]).adjusted)).toEqual([0.03]);
    const none = benjaminiHochberg([]);
    expect(none.adjusted.length).toBe(0);
    expect(none.rejected).toEqual([]);
  });

  it('refuses p-values outside [0, 1] (NaN included) and a bad q', () => {
    expect(() => benjaminiHochberg([0.1, NaN])).toThrow(RangeError);
    expect(() => benjaminiHochberg([1.2])).toThrow(RangeError);
    expect(() => benjaminiHochberg([0.1], 0)).toThrow(RangeError);
  });
});
