import { calibratedThreshold, FeatureWindows, pilotQuantile } from '@fleetgate/inference';

/** The alarm threshold an assessment applied, and where it came from. */
export interface ThresholdEvidence {
  mode: 'version' | 'per-machine';
  /** The threshold the figures were measured with. */
  value: number;
  /** per-machine mode: whether the machine got its own (else the version's, and `reason` says why). */
  applied: boolean;
  /** The quantile of the machine's baseline scores matched to the pilot's (per-machine mode). */
  quantile?: number;
  /** Baseline-period scores the threshold rests on. */
  count?: number;
  reason?: string;
}

/**
 * The machine's windows cut at the end of its calibration (its baseline): a window that starts
 * before `calibrationEndMs` holds calibration data, so it goes to `calibration` and no figure
 * counts it; the rest are evaluated. With no calibration (−∞) every window is evaluated.
 */
export function splitCalibration(
  windows: FeatureWindows,
  scores: Float32Array,
  windowMs: number,
  calibrationEndMs: number,
): { evaluated: FeatureWindows; scores: Float32Array; calibrationScores: Float32Array } {
  let first = 0;
  while (first < windows.rows && windows.windowEndMs[first] - windowMs < calibrationEndMs) first++;
  if (first === 0) return { evaluated: windows, scores, calibrationScores: new Float32Array(0) };
  const { cols } = windows;
  const signals = windows.coverage.length / Math.max(1, windows.rows);
  return {
    evaluated: {
      ...windows,
      features: windows.features.slice(first * cols),
      rows: windows.rows - first,
      windowEndMs: windows.windowEndMs.slice(first),
      coverage: windows.coverage.slice(first * signals),
      total: windows.total - first,
    },
    scores: scores.slice(first),
    calibrationScores: scores.slice(0, first),
  };
}

/**
 * The threshold to measure a machine with. 'version': the manifest's. 'per-machine': the same
 * quantile of the machine's own baseline-period scores as the version's threshold is of the
 * pilot's — the trainer's quantile when the manifest records it (`thresholdQuantile`: the
 * platform's trainer sets the threshold there), else where the threshold falls among the pilot's
 * healthy scores (`pilotQuantile` on the reference profile's sample). The version's threshold,
 * with the reason, when the baseline holds too few scores or the quantile is degenerate.
 */
export function machineThreshold(
  mode: 'version' | 'per-machine',
  output: { threshold: number; higherIsWorse: boolean },
  pilotHealthyScores: ArrayLike<number>,
  calibrationScores: ArrayLike<number>,
  trainerQuantile?: number,
): ThresholdEvidence {
  const version: ThresholdEvidence = { mode, value: output.threshold, applied: false };
  if (mode === 'version') return version;
  const q = trainerQuantile ?? pilotQuantile(pilotHealthyScores, output.threshold, output.higherIsWorse);
  if (!(q > 0 && q < 1)) {
    return { ...version, reason: `the version's threshold is beyond ${q >= 1 ? 'every' : 'no'} pilot healthy score: no quantile to match` };
  }
  const c = calibratedThreshold(calibrationScores, q, output.higherIsWorse);
  if (!c.ok) return { ...version, quantile: q, count: c.count, reason: c.reason };
  return { mode, value: c.threshold, applied: true, quantile: q, count: c.count };
}
