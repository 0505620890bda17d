import { SignalLevel } from '@fleetgate/inference';
import { THRESHOLDS } from './thresholds';

export interface DomainCheck {
  signal: string;
  /** |level − pilot level| / pilot σ (σ floored, see `domainChecks`); Infinity against a pilot flat at exactly 0 */
  levelShiftSigma: number;
  /** σ / pilot σ (both floored) */
  spreadRatio: number;
  /** Present (true) when the pilot's healthy spread is below the flat tolerance: a constant signal. */
  pilotFlat?: true;
  /** Healthy days (`THRESHOLDS.borderline.blockMs` blocks) the machine's estimate rests on. */
  days?: number;
  /** Both estimates were far from every bound in the screening resamples: no interval needed (`THRESHOLDS.borderline.screen`). */
  farFromBounds?: true;
  /** Day-block bootstrap percentile interval of `levelShiftSigma` (`THRESHOLDS.borderline`); absent with fewer than `minBlocks` days or `farFromBounds`. */
  levelShiftInterval?: [number, number];
  /** Day-block bootstrap percentile interval of `spreadRatio`; absent with fewer than `minBlocks` days. */
  spreadRatioInterval?: [number, number];
  /** Worst of the two effects: out (clearly outside a bound), borderline (an interval straddles one) or in. */
  status?: DomainStatus;
}

export type DomainStatus = 'in' | 'out' | 'borderline';

/**
 * The reference a machine's healthy level is held to: the training data's healthy level and σ, and
 * for several pooled training machines the typical machine's own σ (`withinStd`), the scale of the spread
 * check — the pooled σ also holds the spread between the machines' levels.
 */
export type PilotLevel = { mean: number; std: number; withinStd?: number };

/**
 * Effect sizes of one machine's healthy levels against the pilot's.
 *
 * Both spreads are floored at the flat tolerance, `THRESHOLDS.domain.flatTolerance` (1e-6) ×
 * the larger |level| of the two: telemetry is stored as float32 (2⁻²³ ≈ 1.2e-7 relative), so a
 * spread below that is no spread at all. Without the floor a signal constant on the pilot
 * (σ = 0) gives 0/0. With it the ordinary thresholds say what one expects of a constant:
 * a machine is in domain on it when its level equals the pilot's within the tolerance
 * (shift ≤ 1) and its own spread is also below about the tolerance (ratio ≤ 2). Any real
 * spread is far above the floor (C-MAPSS's finest varying sensor moves by 1e-5 of its level),
 * so the floor changes nothing for a signal that varies. A reference pooled over several training
 * machines gives the level shift against its pooled σ and the spread ratio against its pooled
 * typical machine's own σ (`PilotLevel.withinStd`).
 */
export function domainChecks(levels: readonly SignalLevel[], pilot: Record<string, PilotLevel>, t = THRESHOLDS): DomainCheck[] {
  return levels.map((l) => {
    const p = pilot[l.signal];
    if (!p || ![p.mean, p.std, l.mean, l.std].every(Number.isFinite)) return { signal: l.signal, levelShiftSigma: NaN, spreadRatio: NaN };
    const check: DomainCheck = { signal: l.signal, ...effectSizes(l.mean, l.std, p.mean, p.std, t.domain.flatTolerance, p.withinStd) };
    if (p.std <= t.domain.flatTolerance * Math.abs(p.mean)) check.pilotFlat = true;
    return check;
  });
}

/**
 * The two effect sizes of one level against the pilot's, with the flat-tolerance floors of `domainChecks`;
 * `pilotWithinStd` (pooled training machines) scales the spread ratio instead of `pilotStd`.
 */
export function effectSizes(
  mean: number,
  std: number,
  pilotMean: number,
  pilotStd: number,
  flatTolerance: number,
  pilotWithinStd: number = pilotStd,
): { levelShiftSigma: number; spreadRatio: number } {
  const floor = flatTolerance * Math.max(Math.abs(pilotMean), Math.abs(mean));
  const pStd = Math.max(pilotStd, floor);
  const pSpread = Math.max(pilotWithinStd, floor);
  const flooredStd = Math.max(std, floor);
  const shift = Math.abs(mean - pilotMean);
  return {
    // Only a pilot and a machine both flat at exactly 0 leave a zero scale: equal is in domain, anything else is not.
    levelShiftSigma: shift === 0 ? 0 : shift / pStd,
    spreadRatio: flooredStd === pSpread ? 1 : flooredStd / pSpread,
  };
}

/**
 * In, out or borderline for one effect size against its allowed range [lower, upper]: by its
 * interval when there is one (inside → in, entirely beyond a bound → out, straddling → borderline),
 * otherwise by the point estimate. NaN is out (nothing to compare is never a pass).
 */
export function effectStatus(estimate: number, interval: readonly [number, number] | undefined, lower: number, upper: number): DomainStatus {
  if (Number.isNaN(estimate)) return 'out';
  if (!interval || Number.isNaN(interval[0]) || Number.isNaN(interval[1])) return estimate >= lower && estimate <= upper ? 'in' : 'out';
  const [lo, hi] = interval;
  if (hi < lower || lo > upper) return 'out';
  return lo >= lower && hi <= upper ? 'in' : 'borderline';
}

/** Status of the level shift and of the spread ratio of one check. */
export function checkStatuses(d: DomainCheck, t = THRESHOLDS): { level: DomainStatus; spread: DomainStatus } {
  return {
    level: effectStatus(d.levelShiftSigma, d.levelShiftInterval, -Infinity, t.domain.maxLevelShiftSigma),
    spread: effectStatus(d.spreadRatio, d.spreadRatioInterval, t.domain.minSpreadRatio, t.domain.maxSpreadRatio),
  };
}

/** The worse of the two: out over borderline over in. */
export function worstStatus(...statuses: DomainStatus[]): DomainStatus {
  return statuses.includes('out') ? 'out' : statuses.includes('borderline') ? 'borderline' : 'in';
}
