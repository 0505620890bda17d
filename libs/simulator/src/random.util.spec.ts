import { normalQuantile, Rng, stratifiedUniform } from './random.util';

function draws(rng: Rng, n: number, f: (r: Rng) => number): number[] {
  return Array.from({ length: n }, () => f(rng));
}

describe('Rng', () => {
  it('repeats a stream exactly for the same (seed, machine, purpose) and differs otherwise', () => {
    const a = draws(new Rng(7, 3, 16), 1000, (r) => r.nextInt32());
    expect(draws(new Rng(7, 3, 16), 1000, (r) => r.nextInt32())).toEqual(a);
    expect(draws(new Rng(8, 3, 16), 1000, (r) => r.nextInt32())).not.toEqual(a);
    expect(draws(new Rng(7, 4, 16), 1000, (r) => r.nextInt32())).not.toEqual(a);
    expect(draws(new Rng(7, 3, 17), 1000, (r) => r.nextInt32())).not.toEqual(a);
    // seeds beyond 32 bits are not silently truncated
    expect(draws(new Rng(2 ** 40 + 7, 3, 16), 10, (r) => r.nextInt32())).not.toEqual(a.slice(0, 10));
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => new Rng(1.5, 0, 0)).toThrow(RangeError);
  });

  it('draws uniforms on [0, 1) with the right mean and spread', () => {
    const u = draws(new Rng(1, 0, 0), 200_000, (r) => r.uniform());
    expect(u.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = u.reduce((s, x) => s + x, 0) / u.length;
    const variance = u.reduce((s, x) => s + (x - mean) ** 2, 0) / u.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
  });

  it('draws standard normals whose tails match the normal distribution', () => {
    const n = 1_000_000;
    const rng = new Rng(42, 0, 0);
    let sum = 0;
    let sumSq = 0;
    let beyond196 = 0;
    let beyond3 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      sumSq += x * x;
      if (Math.abs(x) > 1.959963984540054) beyond196++;
      if (Math.abs(x) > 3) beyond3++;
    }
    expect(sum / n).toBeCloseTo(0, 2);
    expect(sumSq / n).toBeCloseTo(1, 2);
    // P(|Z| > 1.96) = 0.05 and P(|Z| > 3) = 0.0026998 (scipy.stats.norm.sf); binomial sd ≈ 2.2e-4 and 5.2e-5
    expect(Math.abs(beyond196 / n - 0.05)).toBeLessThan(1e-3);
    expect(Math.abs(beyond3 / n - 0.0026998)).toBeLessThan(2.5e-4);
  });

  it('gives Poisson counts with the requested mean', () => {
    const k = draws(new Rng(5, 0, 0), 50_000, (r) => r.poisson(2.5));
    expect(k.reduce((s, x) => s + x, 0) / k.length).toBeCloseTo(2.5, 1);
    // P(K = 0) = e^-2.5 = 0.0821
    expect(k.filter((x) => x === 0).length / k.length).toBeCloseTo(0.0821, 2);
  });
});

describe('normalQuantile', () => {
  it('matches scipy.stats.norm.ppf', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 8);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005127080409, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(() => normalQuantile(0)).toThrow(RangeError);
  });
});

describe('stratifiedUniform', () => {
  it('puts exactly one draw in each 1/n slice', () => {
    const u = stratifiedUniform(new Rng(9, 0, 0), 50);
    const slices = Array.from(u, (x) => Math.floor(x * 50)).sort((a, b) => a - b);
    expect(slices).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
