import type { SignalRelations } from '@fleetgate/inference';
import { ReferenceProfile } from '@fleetgate/registry';

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
  /** Pooled training machines: `withinStd` is the scale of the spread check (see `domainChecks`). */
  signals: Record<string, { mean: number; std: number; withinStd?: number }>;
  /** Sorted model outputs on the pilot's training windows. */
  outputSorted: ArrayLike<number>;
  alarmRate: number;
  /** The pilot's own recall on its training data, or null (no labelled failure there, or an uploaded profile). */
  recall: number | null;
  /** per-machine-baseline models: the pilot's signal relations (the domain check's reference), else null. */
  relations: SignalRelations | null;
}

/**
 * The evaluation's view of a decoded reference profile. The alarm rate compared with each
 * machine's is the pilot's rate on its healthy windows — the same definition the machine's
 * rate uses — falling back to the overall rate only for an uploaded profile without one.
 */
export function profileView(profile: ReferenceProfile): ProfileView {
  return {
    features: profile.features.map((f) => ({ name: f.name, sorted: f.sample, edges: f.binEdges, proportions: f.binProportions, std: f.std })),
    signals: Object.fromEntries(
      profile.signals.map((s) => [s.name, { mean: s.mean, std: s.std, ...(s.withinStd !== undefined ? { withinStd: s.withinStd } : {}) }]),
    ),
    outputSorted: profile.output?.sample ?? [],
    // A per-machine-baseline pilot measured after its training period: no machine is held to a lower rate than the pilot shows there.
    alarmRate: Math.max(Number.isFinite(profile.healthyAlarmRate) ? profile.healthyAlarmRate : profile.alarmRate, profile.outOfSample?.alarmRate ?? -Infinity),
    recall: profile.recall ? profile.recall.detected / profile.recall.failures : null,
    relations: profile.relations ?? null,
  };
}
