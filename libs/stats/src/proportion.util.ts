export interface ProportionInterval {
  /** successes / n; NaN when n is 0. */
  estimate: number;
  low: number;
  high: number;
}

/**
 * Wilson score interval for a binomial proportion (recall, alarm rate, share of
 * machines passing) — unlike the normal approximation it stays inside [0, 1] and is
 * sensible for 0 or n successes and small n. z = 1.96 is the two-sided 95 % level
 * (pass 1.959963984540054 to match scipy's binomtest(...).proportion_ci exactly).
 *
 * n = 0 gives estimate NaN and the uninformative interval [0, 1]: the caller must
 * treat it as insufficient evidence, not as a rate. Throws unless
 * 0 ≤ successes ≤ n and z > 0.
 */
export function wilson(successes: number, n: number, z = 1.96): ProportionInterval {
  if (!(n >= 0 && successes >= 0 && successes <= n)) {
    throw new RangeError(`wilson: need 0 <= successes <= n, got ${successes} of ${n}`);
  }
  if (!(z > 0)) throw new RangeError(`wilson: z must be > 0, got ${z}`);
  if (n === 0) return { estimate: NaN, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp rounding: at 0 or n successes the bound is exactly 0 or 1 mathematically.
  return {
    estimate: p,
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}
