import type { Series } from '@fleetgate/common';
import type { SignalRelations } from '@fleetgate/inference';
import { histogram, mean, quantiles, referenceBins, sortedCopy, std } from '@fleetgate/stats';
import {
  ColumnProfile,
  PROFILE_BINS,
  PROFILE_FORMAT,
  PROFILE_QUANTILE_PROBS,
  PROFILE_SAMPLE_SIZE,
  PilotRecall,
  ReferenceProfile,
  SignalProfile,
} from './reference-profile.types';

/**
 * At most `k` values of an ascending array, deterministic: every value when there are
 * few enough, else the order statistics at evenly spaced ranks (first and last kept),
 * so the sample's empirical distribution tracks the full one.
 */
export function subsampleSorted(sorted: ArrayLike<number>, k = PROFILE_SAMPLE_SIZE): Float64Array {
  const n = sorted.length;
  if (n <= k) return Float64Array.from(sorted);
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) out[i] = sorted[Math.round((i * (n - 1)) / (k - 1))];
  return out;
}

/** Distribution summary of one column (NaN skipped); all statistics NaN when nothing is left. */
export function profileColumn(values: ArrayLike<number>, sampleSize = PROFILE_SAMPLE_SIZE, nBins = PROFILE_BINS): ColumnProfile {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  if (n === 0) {
    const nan = Float64Array.from(PROFILE_QUANTILE_PROBS, () => NaN);
    return {
      n: 0,
      sample: new Float64Array(0),
      quantiles: nan,
      binEdges: new Float64Array(0),
      binProportions: new Float64Array(0),
      mean: NaN,
      std: NaN,
      min: NaN,
      max: NaN,
    };
  }
  const binEdges = referenceBins(sorted, nBins);
  return {
    n,
    sample: subsampleSorted(sorted, sampleSize),
    quantiles: quantiles(sorted, PROFILE_QUANTILE_PROBS),
    binEdges,
    binProportions: histogram(sorted, binEdges),
    mean: mean(sorted),
    std: std(sorted),
    min: sorted[0],
    max: sorted[n - 1],
  };
}

/**
 * Raw level and spread of one signal over [fromMs, toMs), leaving out samples inside any
 * `excluded` [from, to] span (the run-up to a failure) and missing samples. One pass,
 * shifted sums so a large offset does not cancel.
 */
export function signalLevel(
  name: string,
  series: Series,
  fromMs: number,
  toMs: number,
  excluded: ReadonlyArray<readonly [number, number]> = [],
): SignalProfile {
  const { startMs, intervalMs, values } = series;
  const first = Math.max(0, Math.ceil((fromMs - startMs) / intervalMs));
  const last = Math.min(values.length, Math.ceil((toMs - startMs) / intervalMs));
  let n = 0;
  let shift = NaN;
  let s1 = 0;
  let s2 = 0;
  for (let i = first; i < last; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (excluded.length) {
      const t = startMs + i * intervalMs;
      if (excluded.some(([a, b]) => t >= a && t <= b)) continue;
    }
    if (n === 0) shift = v;
    const d = v - shift;
    s1 += d;
    s2 += d * d;
    n++;
  }
  if (n === 0) return { name, n: 0, mean: NaN, std: NaN };
  const m = s1 / n;
  return { name, n, mean: shift + m, std: Math.sqrt(Math.max(0, s2 / n - m * m)) };
}

/** Share of scores beyond the threshold in the manifest's direction (strictly), over rows where `mask` is 1. */
export function alarmRate(scores: ArrayLike<number>, threshold: number, higherIsWorse: boolean, mask?: ArrayLike<number>): number {
  let n = 0;
  let alarms = 0;
  for (let i = 0; i < scores.length; i++) {
    if (mask && !mask[i]) continue;
    const s = scores[i];
    if (s !== s) continue;
    n++;
    if (higherIsWorse ? s > threshold : s < threshold) alarms++;
  }
  return n === 0 ? NaN : alarms / n;
}

export interface ReferenceProfileInput {
  featureNames: readonly string[];
  /** rows × cols, row-major (the feature builder's layout). */
  features: Float32Array;
  rows: number;
  /** The model's score for each row. */
  scores: ArrayLike<number>;
  /** 1 = healthy window (see `healthyWindowMask`). */
  healthy: ArrayLike<number>;
  signals: SignalProfile[];
  threshold: number;
  higherIsWorse: boolean;
  /** Labelled failures in the training data and how many the model caught (null: none labelled). */
  recall?: PilotRecall | null;
  /** per-machine-baseline models: the pilot's signal relations (null otherwise). */
  relations?: SignalRelations | null;
  sampleSize?: number;
  nBins?: number;
}

/**
 * The reference a fleet machine is compared against: per feature and for the output,
 * the distribution on the training data's healthy windows; per signal its healthy raw
 * level; and the alarm rate the pilot showed.
 */
export function computeReferenceProfile(input: ReferenceProfileInput): ReferenceProfile {
  const cols = input.featureNames.length;
  const { rows, features, healthy } = input;
  if (features.length !== rows * cols) throw new RangeError(`features hold ${features.length} values, expected ${rows} × ${cols}`);
  if (input.scores.length !== rows || healthy.length !== rows) throw new RangeError(`scores and healthy mask need ${rows} entries`);
  const keep: number[] = [];
  for (let r = 0; r < rows; r++) if (healthy[r]) keep.push(r);
  const column = new Float64Array(keep.length);
  const featureProfiles = input.featureNames.map((name, c) => {
    for (let k = 0; k < keep.length; k++) column[k] = features[keep[k] * cols + c];
    return { name, ...profileColumn(column, input.sampleSize, input.nBins) };
  });
  const healthyScores = Float64Array.from(keep, (r) => input.scores[r]);
  return {
    format: PROFILE_FORMAT,
    source: 'training-data',
    quantileProbs: [...PROFILE_QUANTILE_PROBS],
    windows: { total: rows, healthy: keep.length },
    features: featureProfiles,
    signals: input.signals,
    output: profileColumn(healthyScores, input.sampleSize, input.nBins),
    threshold: input.threshold,
    higherIsWorse: input.higherIsWorse,
    alarmRate: alarmRate(input.scores, input.threshold, input.higherIsWorse),
    healthyAlarmRate: alarmRate(input.scores, input.threshold, input.higherIsWorse, healthy),
    recall: input.recall ?? null,
    relations: input.relations ?? null,
  };
}
