import { HOUR_MS } from '@fleetgate/common';

/**
 * Every data-quality threshold in one place. A signal is graded on its own grid over the
 * requested window; the grade is the worst rule that fires, and each rule that fires
 * adds its reason.
 */
export const QUALITY_THRESHOLDS = {
  /** A gap (run of missing samples) at least this long is a "long gap". */
  longGapMs: HOUR_MS,
  /** Flat: std ≤ flatRelStd × max(1, |mean|) over the whole window (a sensor that never moves). */
  flatRelStd: 1e-6,
  /** Stuck: a run of identical values at least this many samples AND this long. */
  stuckMinSamples: 30,
  stuckMinMs: 30 * 60_000,
  /** Spike: robust z = |x − median| / (1.4826 · MAD) above this. */
  spikeZ: 8,
  degraded: {
    /** coverage below this (share of expected samples present) */
    minCoverage: 0.9,
    /** longest gap above this */
    maxLongestGapMs: 6 * HOUR_MS,
    maxStuckShare: 0.05,
    maxOutOfRangeShare: 0.01,
    maxSpikeShare: 0.005,
  },
  unusable: {
    minCoverage: 0.5,
    maxStuckShare: 0.5,
    maxOutOfRangeShare: 0.2,
  },
} as const;

export type QualityThresholds = typeof QUALITY_THRESHOLDS;
