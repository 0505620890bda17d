import { NORMALIZATION_THRESHOLDS } from './normalization-thresholds';

/**
 * The trainer's quantile of an ascending array: position (n − 1)·q, linear interpolation between
 * the two order statistics as lo + (hi − lo)·frac (numpy's `linear` method). The one formula:
 * `quantile` of @fleetgate/training sets the pilot's threshold with it, so a per-machine threshold
 * at the same q is the same statistic.
 */
export function trainerQuantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export type CalibratedThreshold = { ok: true; threshold: number; count: number } | { ok: false; count: number; reason: string };

/** Healthy scores a threshold at quantile q needs: `minScores`, and n·(1 − q) ≥ `minBeyond`. */
export function minHealthyScores(q: number, t: { minScores: number; minBeyond: number } = NORMALIZATION_THRESHOLDS.threshold): number {
  // The small slack keeps 3 / (1 − 0.99) = 299.99999999999997 at 300.
  return Math.max(t.minScores, Math.ceil(t.minBeyond / (1 - q) - 1e-9));
}

/**
 * A machine's own alarm threshold: the same quantile `q` of its healthy baseline-period scores
 * as the version's threshold is of the pilot's (the manifest's `thresholdQuantile`, e.g. 0.99),
 * in the model's worse direction — so a model whose lower scores are worse gets the (1 − q) point
 * from below, by the same interpolation on the negated scores. Non-finite scores are left out.
 * With fewer than `minHealthyScores(q)` scores no per-machine threshold is given.
 */
export function calibratedThreshold(
  healthyScores: ArrayLike<number>,
  q: number,
  higherIsWorse: boolean,
  t: { minScores: number; minBeyond: number } = NORMALIZATION_THRESHOLDS.threshold,
): CalibratedThreshold {
  if (!(q > 0 && q < 1)) throw new RangeError(`calibratedThreshold: q must be in (0, 1), got ${q}`);
  const oriented: number[] = [];
  for (let i = 0; i < healthyScores.length; i++) {
    const s = healthyScores[i];
    if (Number.isFinite(s)) oriented.push(higherIsWorse ? s : -s);
  }
  const count = oriented.length;
  const need = minHealthyScores(q, t);
  if (count < need) return { ok: false, count, reason: `${count} healthy baseline scores; a threshold at q = ${q} needs ${need}` };
  const cut = trainerQuantile(Float64Array.from(oriented).sort(), q);
  return { ok: true, threshold: higherIsWorse ? cut : -cut, count };
}

/**
 * Where the version's threshold sits among the pilot's healthy scores: the share that does not
 * alarm (strictly beyond the threshold in the worse direction alarms, as `orientedAlarms` of
 * @fleetgate/stats decides). For a version whose threshold was not set by the trainer, this is
 * the q to calibrate each machine at.
 */
export function pilotQuantile(pilotHealthyScores: ArrayLike<number>, threshold: number, higherIsWorse: boolean): number {
  let n = 0;
  let quiet = 0;
  for (let i = 0; i < pilotHealthyScores.length; i++) {
    const s = pilotHealthyScores[i];
    if (!Number.isFinite(s)) continue;
    n++;
    if (higherIsWorse ? s <= threshold : s >= threshold) quiet++;
  }
  return n ? quiet / n : NaN;
}
