import { SignalLevel } from '@fleetgate/inference';

export interface DomainCheck {
  signal: string;
  /** |level − pilot level| / pilot σ */
  levelShiftSigma: number;
  /** σ / pilot σ */
  spreadRatio: number;
}

/** Effect sizes of one machine's healthy levels against the pilot's. */
export function domainChecks(levels: readonly SignalLevel[], pilot: Record<string, { mean: number; std: number }>): DomainCheck[] {
  return levels.map((l) => {
    const p = pilot[l.signal];
    if (!p || !(p.std > 0)) return { signal: l.signal, levelShiftSigma: NaN, spreadRatio: NaN };
    return { signal: l.signal, levelShiftSigma: Math.abs(l.mean - p.mean) / p.std, spreadRatio: l.std / p.std };
  });
}
