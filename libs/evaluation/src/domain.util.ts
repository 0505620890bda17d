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
}

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
 * so the floor changes nothing for a signal that varies.
 */
export function domainChecks(levels: readonly SignalLevel[], pilot: Record<string, { mean: number; std: number }>, t = THRESHOLDS): DomainCheck[] {
  return levels.map((l) => {
    const p = pilot[l.signal];
    if (!p || ![p.mean, p.std, l.mean, l.std].every(Number.isFinite)) return { signal: l.signal, levelShiftSigma: NaN, spreadRatio: NaN };
    const floor = t.domain.flatTolerance * Math.max(Math.abs(p.mean), Math.abs(l.mean));
    const pilotStd = Math.max(p.std, floor);
    const std = Math.max(l.std, floor);
    const shift = Math.abs(l.mean - p.mean);
    const check: DomainCheck = {
      signal: l.signal,
      // Only a pilot and a machine both flat at exactly 0 leave a zero scale: equal is in domain, anything else is not.
      levelShiftSigma: shift === 0 ? 0 : shift / pilotStd,
      spreadRatio: std === pilotStd ? 1 : std / pilotStd,
    };
    if (p.std <= t.domain.flatTolerance * Math.abs(p.mean)) check.pilotFlat = true;
    return check;
  });
}
