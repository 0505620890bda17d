import { wilson } from './proportion.util';

// scipy 1.10:
//   ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method='wilson')
// which uses z = ndtri(0.975) = 1.959963984540054.
const Z = 1.959963984540054;

describe('wilson', () => {
  it('matches scipy binomtest(...).proportion_ci(method="wilson")', () => {
    const cases: Array<[number, number, number, number]> = [
      [0, 10, 0.0, 0.27753279986288926],
      [3, 10, 0.10779126740630102, 0.6032218525388546],
      [10, 10, 0.7224672001371109, 1.0],
      [45, 50, 0.7863976856252034, 0.9565242350681095],
      [1, 1000, 0.00017654637062607809, 0.0056425585979579355],
    ];
    for (const [k, n, low, high] of cases) {
      const ci = wilson(k, n, Z);
      expect(ci.estimate).toBe(k / n);
      expect(ci.low).toBeCloseTo(low, 14);
      expect(ci.high).toBeCloseTo(high, 14);
    }
  });

  it('gives the textbook 8/10 interval at z = 1.96 (0.490, 0.943)', () => {
    const ci = wilson(8, 10);
    expect(ci.low).toBeCloseTo(0.4902, 4);
    expect(ci.high).toBeCloseTo(0.9433, 4);
  });

  it('narrows with n and widens with z', () => {
    expect(wilson(80, 100).low).toBeGreaterThan(wilson(8, 10).low);
    expect(wilson(8, 10, 2.576).low).toBeLessThan(wilson(8, 10).low);
  });

  it('answers n = 0 with no estimate and the whole [0, 1] interval', () => {
    expect(wilson(0, 0)).toEqual({ estimate: NaN, low: 0, high: 1 });
  });

  it('refuses impossible counts', () => {
    expect(() => wilson(3, 2)).toThrow(RangeError);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
    expect(() => wilson(1, NaN)).toThrow(RangeError);
    expect(() => wilson(1, 2, 0)).toThrow(RangeError);
  });
});
