import { Numbers } from './descriptive.util';

export interface KsResult {
  /** sup |F_a − F_b|, in [0, 1]. */
  statistic: number;
  /** Two-sided asymptotic p-value (see `ksTwoSample`). */
  pValue: number;
}

export interface KsOptions {
  /**
   * Sample sizes to use for the p-value instead of the array lengths — e.g. the
   * number of windows rather than of autocorrelated minute samples. The statistic
   * itself always uses the data as given.
   */
  effectiveN?: { a: number; b: number };
}

/**
 * Survival function of the limiting Kolmogorov distribution,
 * P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} (scipy.special.kolmogorov).
 */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda !== lambda) return NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    // The alternating series converges slowly for small λ; use the Jacobi theta form
    // of the CDF, √(2π)/λ Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}, which converges fast there.
    if (lambda < 0.04) return 1;
    const w = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let cdf = 0;
    for (let k = 1; k <= 20; k++) {
      const term = Math.exp(-(2 * k - 1) * (2 * k - 1) * w);
      cdf += term;
      if (term < 1e-17 * cdf) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * cdf;
  }
  let sf = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sf += sign * term;
    if (term < 1e-17) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sf));
}

/**
 * Two-sample Kolmogorov–Smirnov test on ascending, NaN-free inputs (see
 * `sortedCopy`), in one O(n + m) merge with ties handled like scipy.
 *
 * The p-value is asymptotic: the Kolmogorov distribution at
 * λ = (√nₑ + 0.12 + 0.11/√nₑ) · D with nₑ = n·m/(n+m) (Stephens' small-sample
 * correction). scipy.stats.ks_2samp(method='asymp') uses the exact one-sample
 * distribution at round(nₑ) instead; the two agree within a few percent for
 * p ≥ 1e-4 and nₑ ≥ 10, which is all a p-value on autocorrelated data can claim.
 * Prefer the statistic (an effect size) for decisions; give `effectiveN` when
 * reporting the p-value. Empty input → both NaN.
 */
export function ksTwoSample(aSorted: Numbers, bSorted: Numbers, options: KsOptions = {}): KsResult {
  const n = aSorted.length;
  const m = bSorted.length;
  if (n === 0 || m === 0) return { statistic: NaN, pValue: NaN };
  let i = 0;
  let j = 0;
  let maxDiff = 0;
  // Step past every copy of the next value in both arrays before comparing the CDFs,
  // so ties never count as a jump. |i/n − j/m| is kept as the integer |i·m − j·n|.
  while (i < n && j < m) {
    const a = aSorted[i];
    const b = bSorted[j];
    if (a !== a || b !== b) throw new RangeError('ksTwoSample: NaN in input (sort with sortedCopy, which drops NaN)');
    const x = a <= b ? a : b;
    while (i < n && aSorted[i] <= x) i++;
    while (j < m && bSorted[j] <= x) j++;
    const d = Math.abs(i * m - j * n);
    if (d > maxDiff) maxDiff = d;
  }
  // Once one side is exhausted the gap only shrinks towards 0, so the max is found.
  const statistic = maxDiff / (n * m);
  let na = n;
  let nb = m;
  if (options.effectiveN !== undefined) {
    na = options.effectiveN.a;
    nb = options.effectiveN.b;
    if (!(na > 0 && nb > 0 && Number.isFinite(na) && Number.isFinite(nb))) {
      throw new RangeError(`ksTwoSample: effectiveN must be positive and finite, got ${na}, ${nb}`);
    }
  }
  const en = (na * nb) / (na + nb);
  const rootEn = Math.sqrt(en);
  const pValue = kolmogorovSurvival((rootEn + 0.12 + 0.11 / rootEn) * statistic);
  return { statistic, pValue };
}
