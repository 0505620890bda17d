import { Numbers } from './descriptive.util';

export interface FdrResult {
  /** BH-adjusted p-values (q-values), in the input order, each in [0, 1]. */
  adjusted: Float64Array;
  /** adjusted[i] <= q, in the input order. */
  rejected: boolean[];
}

/**
 * Benjamini–Hochberg step-up procedure controlling the false discovery rate at `q`
 * across many segment × feature tests: adjusted p₍ᵢ₎ = min_{k≥i} p₍ₖ₎ · m / k,
 * capped at 1 (statsmodels multipletests(method='fdr_bh'), R p.adjust("BH"),
 * scipy.stats.false_discovery_control). Throws on a p-value outside [0, 1] (NaN
 * included): a missing test must be left out by the caller, not guessed.
 */
export function benjaminiHochberg(pValues: Numbers, q = 0.05): FdrResult {
  if (!(q > 0 && q <= 1)) throw new RangeError(`benjaminiHochberg: q must be in (0, 1], got ${q}`);
  const m = pValues.length;
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    const p = pValues[i];
    if (!(p >= 0 && p <= 1)) throw new RangeError(`benjaminiHochberg: p-value ${p} at ${i} is not in [0, 1]`);
    order[i] = i;
  }
  order.sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Float64Array(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const idx = order[rank - 1];
    running = Math.min(running, (pValues[idx] * m) / rank);
    adjusted[idx] = running;
  }
  const rejected = new Array<boolean>(m);
  for (let i = 0; i < m; i++) rejected[i] = adjusted[i] <= q;
  return { adjusted, rejected };
}
