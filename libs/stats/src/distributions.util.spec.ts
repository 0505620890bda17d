import { chiSquareCdf, chiSquareQuantile, lnGamma, lowerGammaRegularized, normalQuantile } from './distributions.util';

/** P(χ²_{2k} ≤ x) for even df as the Poisson tail Σ_{i≥k} e^{−x/2}(x/2)^i/i!: exact, and stable far in the lower tail. */
function evenDfCdf(df: number, x: number): number {
  const k = df / 2;
  let term = Math.exp(-x / 2);
  for (let i = 1; i <= k; i++) term *= x / 2 / i;
  let sum = 0;
  for (let i = k; term > 1e-300 && i < k + 2000; i++) {
    sum += term;
    term *= x / 2 / (i + 1);
  }
  return sum;
}

describe('lnGamma', () => {
  it('matches ln((n − 1)!) and ln √π', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(101)).toBeCloseTo(363.73937555556347, 9);
    expect(() => lnGamma(0)).toThrow(RangeError);
  });
});

describe('chiSquareCdf', () => {
  it('is 1 − e^(−x/2) with two degrees of freedom, from 1e-8 to 60', () => {
    for (const x of [1e-8, 0.01, 1, 2.5, 10, 60]) expect(chiSquareCdf(2, x)).toBeCloseTo(-Math.expm1(-x / 2), 14);
    for (const x of [1e-8, 0.01]) expect(chiSquareCdf(2, x) / -Math.expm1(-x / 2)).toBeCloseTo(1, 10);
  });

  it('matches the published table (scipy.stats.chi2.cdf) in both tails', () => {
    expect(chiSquareCdf(1, 3.841458820694124)).toBeCloseTo(0.95, 12);
    expect(chiSquareCdf(24, 36.41502850180731)).toBeCloseTo(0.95, 12);
    expect(chiSquareCdf(10, 2.558212160325865)).toBeCloseTo(0.01, 10);
    expect(chiSquareCdf(99, 123.2252214533618)).toBeCloseTo(0.95, 11);
    expect(chiSquareCdf(3, 0)).toBe(0);
  });

  it('keeps its relative digits far in the lower tail (the screen asks about 1e-10), against the exact Poisson sum', () => {
    for (const [df, x] of [
      [24, 1.8],
      [24, 1.1],
      [14, 0.4],
      [50, 10],
      [98, 30],
    ]) {
      const exact = evenDfCdf(df, x);
      expect(exact).toBeLessThan(1e-6);
      expect(chiSquareCdf(df, x) / exact).toBeCloseTo(1, 9);
    }
  });

  it('agrees with the exact sum across the middle and upper part for even df', () => {
    for (const df of [2, 8, 24, 98]) for (const x of [df / 4, df, 2 * df]) expect(chiSquareCdf(df, x)).toBeCloseTo(evenDfCdf(df, x), 12);
  });
});

describe('lowerGammaRegularized', () => {
  it('is 1 − e^(−x) for a = 1 on both sides of the series / continued-fraction switch', () => {
    for (const x of [0.5, 1.9, 2.1, 30]) expect(lowerGammaRegularized(1, x)).toBeCloseTo(-Math.expm1(-x), 14);
  });
});

describe('chiSquareQuantile', () => {
  it('inverts the CDF: the table values, and −2 ln(1 − p) for two degrees of freedom', () => {
    expect(chiSquareQuantile(24, 0.95)).toBeCloseTo(36.41502850180731, 8);
    expect(chiSquareQuantile(10, 0.01)).toBeCloseTo(2.558212160325865, 8);
    for (const p of [1e-10, 0.3, 0.99]) expect(chiSquareQuantile(2, p) / (-2 * Math.log1p(-p))).toBeCloseTo(1, 9);
    for (const [df, p] of [
      [14, 1e-10],
      [24, 1e-10],
      [99, 1e-10],
    ])
      expect(chiSquareCdf(df, chiSquareQuantile(df, p)) / p).toBeCloseTo(1, 8);
  });

  it('refuses p outside (0, 1)', () => {
    expect(() => chiSquareQuantile(3, 0)).toThrow(RangeError);
    expect(() => chiSquareQuantile(3, 1)).toThrow(RangeError);
  });
});

describe('normalQuantile', () => {
  it('matches scipy.stats.norm.ppf to eight digits in the middle and both tails', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 7);
    expect(normalQuantile(1 - 1e-6)).toBeCloseTo(4.753424308822899, 6);
  });

  it('is odd about ½ and refuses p outside (0, 1)', () => {
    for (const p of [0.001, 0.1, 0.3]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 8);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
