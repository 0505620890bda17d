import type { JsonNumber } from '@fleetgate/common';
import type { SignalRelations } from '@fleetgate/inference';

/** Probabilities at which every profiled distribution stores its quantiles. */
export const PROFILE_QUANTILE_PROBS: readonly number[] = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];
/** Largest stored sample per distribution: enough for stable KS/Wasserstein, small enough for a text column. */
export const PROFILE_SAMPLE_SIZE = 2000;
export const PROFILE_BINS = 10;
export const PROFILE_FORMAT = 1;

/** One distribution (a feature column or the model's output) on the reference windows. */
export interface ColumnProfile {
  /** Non-NaN values the statistics were computed from. */
  n: number;
  /** Ascending; every value when n ≤ PROFILE_SAMPLE_SIZE, else evenly spaced order statistics. */
  sample: Float64Array;
  /** At PROFILE_QUANTILE_PROBS, from all n values. */
  quantiles: Float64Array;
  /** Cut points from `referenceBins` (reference quantiles, 10 bins); edges.length + 1 bins. */
  binEdges: Float64Array;
  /** Share of the n values in each bin (sums to 1). */
  binProportions: Float64Array;
  mean: number;
  /** Population std (ddof 0). */
  std: number;
  min: number;
  max: number;
}

export interface FeatureProfile extends ColumnProfile {
  name: string;
}

/** Healthy raw level and spread of one input signal, for the domain check. */
export interface SignalProfile {
  name: string;
  n: number;
  mean: number;
  std: number;
  /**
   * Several training machines pooled: the typical machine's own σ (the median of their σ). `std`
   * also holds the spread between the machines' levels — the right scale for a level shift, far too
   * wide for one machine's own spread — so the spread check compares with this. Absent for one
   * training machine (it equals `std`).
   */
  withinStd?: number;
}

export interface ReferenceProfile {
  format: number;
  /** How the profile came to be. */
  source: 'training-data' | 'uploaded';
  quantileProbs: number[];
  /** Windows built from the training data (null when uploaded) and how many were healthy. */
  windows: { total: number | null; healthy: number };
  /** In manifest feature order; computed on healthy windows. */
  features: FeatureProfile[];
  signals: SignalProfile[];
  /** Scores on healthy windows; null when the profile was uploaded without one. */
  output: ColumnProfile | null;
  threshold: number;
  higherIsWorse: boolean;
  /** Share of all windows whose score is beyond the threshold (NaN when unknown). */
  alarmRate: number;
  /** Same share over healthy windows only. */
  healthyAlarmRate: number;
  /**
   * The pilot's own labelled recall on its training data (the evaluation's definition: an alarm
   * window ending within the horizon before a failure), so a machine is not called degraded for
   * doing as well as the pilot. Null when the training data hold no labelled failure, or for an
   * uploaded profile.
   */
  recall: PilotRecall | null;
  /**
   * per-machine-baseline models: how the pilot's normalised healthy hourly levels move together
   * (`signalRelations`), the domain check's reference under that normalization. Null otherwise.
   */
  relations: SignalRelations | null;
  /**
   * per-machine-baseline pilots with data after the training period: the healthy-window alarm
   * rate there (same baseline, same threshold) — the model on its pilot out of sample.
   */
  outOfSample?: { alarmRate: number; healthyWindows: number; fromMs: number; toMs: number };
}

export interface PilotRecall {
  failures: number;
  detected: number;
}

/** The JSON form stored with a version: typed arrays as lists, non-finite numbers encoded. */
export interface ColumnProfileJson {
  n: number;
  sample: JsonNumber[];
  quantiles: JsonNumber[];
  binEdges: JsonNumber[];
  binProportions: JsonNumber[];
  mean: JsonNumber;
  std: JsonNumber;
  min: JsonNumber;
  max: JsonNumber;
}

export interface ReferenceProfileJson {
  format: number;
  source: ReferenceProfile['source'];
  quantileProbs: number[];
  windows: { total: number | null; healthy: number };
  features: Array<ColumnProfileJson & { name: string }>;
  signals: Array<{ name: string; n: number; mean: JsonNumber; std: JsonNumber; withinStd?: JsonNumber }>;
  output: ColumnProfileJson | null;
  threshold: JsonNumber;
  higherIsWorse: boolean;
  alarmRate: JsonNumber;
  healthyAlarmRate: JsonNumber;
  /** Absent in profiles stored before it was recorded. */
  recall?: PilotRecall | null;
  /** Absent in profiles stored before per-machine baselines. */
  relations?: { signals: string[]; hours: number; correlation: JsonNumber[]; varianceRatio: JsonNumber[] } | null;
  outOfSample?: { alarmRate: number; healthyWindows: number; fromMs: number; toMs: number };
}
