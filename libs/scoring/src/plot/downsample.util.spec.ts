import { bucketStarts, bucketWidthMs, downsample, hourBuckets } from './downsample.util';

const MIN = 60_000;

describe('downsample', () => {
  it('gives min/max/mean per bucket and null for a bucket without samples (a gap, never interpolated)', () => {
    // 12 minutes, 4 buckets of 3 min; minutes 3–5 missing (NaN), minute 11 missing.
    const values = Float32Array.from([1, 2, 3, NaN, NaN, NaN, 7, 8, 9, 10, 11, NaN]);
    const out = downsample({ startMs: 0, intervalMs: MIN, values }, 0, 3 * MIN, 4);
    expect(out.min).toEqual([1, null, 7, 10]);
    expect(out.max).toEqual([3, null, 9, 11]);
    expect(out.mean).toEqual([2, null, 8, 10.5]);
  });

  it('places a series that starts later and leaves the buckets before it empty', () => {
    const out = downsample({ startMs: 6 * MIN, intervalMs: MIN, values: Float32Array.from([5, 5, 5]) }, 0, 3 * MIN, 3);
    expect(out.mean).toEqual([null, null, 5]);
  });

  it('bucket width never goes below the sampling interval', () => {
    expect(bucketWidthMs(0, 10 * MIN, 1000, MIN)).toBe(MIN);
    expect(bucketWidthMs(0, 1000 * MIN, 10, MIN)).toBe(100 * MIN);
    expect(bucketStarts(0, 10 * MIN, 4 * MIN)).toEqual([0, 4 * MIN, 8 * MIN]);
  });

  it('plans whole-hour buckets from the hour at or before the start, never more buckets than asked', () => {
    const H = 60 * MIN;
    const D = 24 * H;
    // 90 days in 500 points: 4.32 h → 5-hour buckets, 432 of them.
    expect(hourBuckets(0, 90 * D, 500)).toEqual({ fromMs: 0, bucketHours: 5, buckets: 432 });
    // 500 hours from half past: the aligned span is 500.5 h, so 1-hour buckets would be 501 → 2-hour buckets.
    expect(hourBuckets(30 * MIN, 500 * H + 30 * MIN, 500)).toEqual({ fromMs: 0, bucketHours: 2, buckets: 251 });
    for (const [from, to, points] of [
      [17 * MIN, 37 * D + 5 * MIN, 333],
      [0, 730 * D, 5000],
      [13 * MIN, 3 * H, 1],
    ]) {
      const plan = hourBuckets(from, to, points);
      expect(plan.buckets).toBeLessThanOrEqual(points);
      expect(plan.fromMs + plan.buckets * plan.bucketHours * H).toBeGreaterThanOrEqual(to);
      expect(plan.fromMs).toBeLessThanOrEqual(from);
    }
  });
});
