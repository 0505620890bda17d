import { HOUR_MS, type Series } from '@fleetgate/common';

/** One signal downsampled for a plot: per bucket min/max/mean; null where the bucket holds no sample (a gap). */
export interface DownsampledSignal {
  min: Array<number | null>;
  max: Array<number | null>;
  mean: Array<number | null>;
}

/** Bucket width: [from, to) split into at most `points` buckets, never narrower than the series' own interval. */
export function bucketWidthMs(fromMs: number, toMs: number, points: number, intervalMs: number): number {
  return Math.max(intervalMs, Math.ceil((toMs - fromMs) / points));
}

/** Bucket starts of [from, to) at `bucketMs`. */
export function bucketStarts(fromMs: number, toMs: number, bucketMs: number): number[] {
  const out: number[] = [];
  for (let t = fromMs; t < toMs; t += bucketMs) out.push(t);
  return out;
}

/**
 * Min/max/mean of the samples of each bucket; NaN samples (missing) are skipped, never
 * interpolated, so a bucket without a sample is null and the plot shows the gap.
 */
export function downsample(series: Series, fromMs: number, bucketMs: number, buckets: number): DownsampledSignal {
  const min = new Float64Array(buckets).fill(Infinity);
  const max = new Float64Array(buckets).fill(-Infinity);
  const sum = new Float64Array(buckets);
  const count = new Uint32Array(buckets);
  const { startMs, intervalMs, values } = series;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const t = startMs + i * intervalMs;
    if (t < fromMs) continue;
    const b = Math.floor((t - fromMs) / bucketMs);
    if (b >= buckets) break;
    if (v < min[b]) min[b] = v;
    if (v > max[b]) max[b] = v;
    sum[b] += v;
    count[b]++;
  }
  const pick = (a: Float64Array, f: (b: number) => number) => Array.from(a, (_, b) => (count[b] ? f(b) : null));
  return { min: pick(min, (b) => min[b]), max: pick(max, (b) => max[b]), mean: pick(sum, (b) => sum[b] / count[b]) };
}

/**
 * Buckets of whole UTC hours for plots of an hour or more per bucket, so the plot reads hourly
 * rollups instead of samples: starts at the hour at or before `fromMs`, each bucket the smallest
 * whole number of hours that keeps at most `points` buckets up to `toMs`.
 */
export function hourBuckets(fromMs: number, toMs: number, points: number): { fromMs: number; bucketHours: number; buckets: number } {
  const from = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
  let bucketHours = Math.max(1, Math.ceil((toMs - from) / points / HOUR_MS));
  while (Math.ceil((toMs - from) / (bucketHours * HOUR_MS)) > points) bucketHours++;
  return { fromMs: from, bucketHours, buckets: Math.ceil((toMs - from) / (bucketHours * HOUR_MS)) };
}
