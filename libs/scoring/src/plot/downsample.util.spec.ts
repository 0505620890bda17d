import { bucketStarts, bucketWidthMs, downsample } from './downsample.util';

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
});
