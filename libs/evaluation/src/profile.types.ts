/**
 * What the evaluation reads from a model version's reference profile (computed on the
 * pilot's training data at registration). Numbers may be non-finite after decoding.
 */
export interface ProfileFeature {
  name: string;
  /** Sorted sample of the feature on the pilot's healthy training windows. */
  sorted: ArrayLike<number>;
  /** Histogram edges (from reference quantiles) and the reference proportions per bin. */
  edges: ArrayLike<number>;
  proportions: ArrayLike<number>;
  std: number;
}

export interface ProfileView {
  features: ProfileFeature[];
  /** Healthy level and spread of each raw input signal on the pilot. */
  signals: Record<string, { mean: number; std: number }>;
  /** Sorted model outputs on the pilot's training windows. */
  outputSorted: ArrayLike<number>;
  alarmRate: number;
}
