import { blockBootstrapInterval, blockBootstrapIntervals, fnv1a32, mulberry32 } from './bootstrap.util';
import { mean, std } from './descriptive.util';
import { normals } from './test-fixtures.util';

const opts = { resamples: 4000, confidence: 0.9, key: 'spec' };

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv): "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('mulberry32', () => {
  it('gives uniforms in [0, 1) with mean ½ and variance 1/12', () => {
    const rand = mulberry32(42);
    const u = Float64Array.from({ length: 100_000 }, () => rand());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    // Standard errors: 0.289/√n ≈ 0.0009 for the mean; allow ~4 of them.
    expect(mean(u)).toBeCloseTo(0.5, 2);
    expect(std(u) ** 2).toBeCloseTo(1 / 12, 3);
  });
});

describe('blockBootstrapInterval', () => {
  it('with blocks of one value, the interval of the mean of iid normal data is mean ± 1.645·σ/√n', () => {
    const x = normals(11, 400, 5, 2);
    const m = mean(x);
    const half = (1.645 * std(x)) / Math.sqrt(x.length);
    const [lo, hi] = blockBootstrapInterval(
      Array.from(x, (v) => [v]),
      mean,
      opts,
    );
    // With 4,000 resamples the 5th/95th percentiles carry a Monte Carlo error of a few % of the half-width; allow 10 %.
    expect(Math.abs(lo - (m - half))).toBeLessThan(0.1 * half);
    expect(Math.abs(hi - (m + half))).toBeLessThan(0.1 * half);
  });

  it('is wider than a per-sample bootstrap when values within a block move together', () => {
    // 40 "days" of 24 "hours": a day offset of σ 1 shared by its hours, plus hourly noise of σ 0.3.
    const offsets = normals(3, 40);
    const noise = normals(5, 40 * 24, 0, 0.3);
    const days = Array.from(offsets, (o, d) => Float64Array.from(noise.subarray(d * 24, d * 24 + 24), (e) => o + e));
    const hours = days.flatMap((d) => Array.from(d, (v) => [v]));
    const [blo, bhi] = blockBootstrapInterval(days, mean, opts);
    const [slo, shi] = blockBootstrapInterval(hours, mean, opts);
    // The mean's variance is (1 + 0.09/24)/40 by days but (1.09)/960 by hours: about 4.7× wider.
    expect((bhi - blo) / (shi - slo)).toBeGreaterThan(3);
    // And it is the right width: 1.645·σ_day-mean/√40 each side.
    const dayMeans = days.map((d) => mean(d));
    const half = (1.645 * std(dayMeans)) / Math.sqrt(40);
    expect((bhi - blo) / 2).toBeGreaterThan(0.85 * half);
    expect((bhi - blo) / 2).toBeLessThan(1.15 * half);
  });

  it('gives the same interval for the same key and different draws for another', () => {
    const x = Array.from(normals(7, 50), (v) => [v]);
    const a = blockBootstrapInterval(x, mean, { ...opts, resamples: 200 });
    const b = blockBootstrapInterval(x, mean, { ...opts, resamples: 200 });
    const c = blockBootstrapInterval(x, mean, { ...opts, resamples: 200, key: 'other' });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

describe('blockBootstrapIntervals', () => {
  it('draws block indices uniformly with replacement and reports each statistic', () => {
    const seen = new Uint32Array(10);
    const [first, last] = blockBootstrapIntervals(
      10,
      2,
      (picks, out) => {
        for (const p of picks) seen[p]++;
        out[0] = Math.min(...picks);
        out[1] = Math.max(...picks);
      },
      { resamples: 1000, confidence: 0.9, key: 'k' },
    )!;
    // 10,000 picks over 10 blocks: each about 1,000 (binomial σ ≈ 30).
    for (const n of seen) expect(Math.abs(n - 1000)).toBeLessThan(150);
    expect(first[0]).toBeGreaterThanOrEqual(0);
    expect(last[1]).toBeLessThanOrEqual(9);
    expect(first[1]).toBeLessThanOrEqual(last[1]);
  });

  it('stops at a look when told the answer cannot change, and otherwise runs on with the same draws', () => {
    const mean = (picks: Uint32Array, out: Float64Array) => {
      out[0] = picks.reduce((a, b) => a + b, 0) / picks.length;
    };
    const full = blockBootstrapIntervals(20, 1, mean, { resamples: 200, confidence: 0.9, key: 'screen' })!;
    let seen: Float64Array[] = [];
    const stopped = blockBootstrapIntervals(20, 1, mean, {
      resamples: 200,
      confidence: 0.9,
      key: 'screen',
      earlyStop: { after: [25], settled: (d) => ((seen = d), true) },
    });
    expect(stopped).toBeNull();
    expect(seen[0]).toHaveLength(25);
    // Each look sees the draws so far, in order; the one that settles ends the run.
    const looks: number[] = [];
    let atThird = new Float64Array(0);
    const third = blockBootstrapIntervals(20, 1, mean, {
      resamples: 200,
      confidence: 0.9,
      key: 'screen',
      earlyStop: { after: [15, 25, 50, 100], settled: (d) => (looks.push(d[0].length), (atThird = d[0]), looks.length === 3) },
    });
    expect(third).toBeNull();
    expect(looks).toEqual([15, 25, 50]);
    expect(atThird.subarray(0, 25)).toEqual(seen[0]);
    // Going on after the screen gives exactly the full run's interval: the first draws are shared.
    const goneOn = blockBootstrapIntervals(20, 1, mean, {
      resamples: 200,
      confidence: 0.9,
      key: 'screen',
      earlyStop: { after: [15, 25, 50, 100], settled: () => false },
    });
    expect(goneOn).toEqual(full);
  });

  it('leaves NaN resamples out and gives [NaN, NaN] when all are NaN', () => {
    const [a, b] = blockBootstrapIntervals(
      5,
      2,
      (picks, out) => {
        out[0] = picks[0] === 0 ? NaN : 1;
        out[1] = NaN;
      },
      { resamples: 100, confidence: 0.9, key: 'k' },
    )!;
    expect(a).toEqual([1, 1]);
    expect(b).toEqual([NaN, NaN]);
  });

  it('refuses a confidence outside (0, 1), no blocks or no resamples', () => {
    const noop = () => undefined;
    expect(() => blockBootstrapIntervals(5, 1, noop, { resamples: 10, confidence: 1, key: 'k' })).toThrow(RangeError);
    expect(() => blockBootstrapIntervals(0, 1, noop, { resamples: 10, confidence: 0.9, key: 'k' })).toThrow(RangeError);
    expect(() => blockBootstrapIntervals(5, 1, noop, { resamples: 0, confidence: 0.9, key: 'k' })).toThrow(RangeError);
  });
});
