/**
 * Robust trend of a short series (a baseline's daily levels): the Theil–Sen slope (Sen 1968,
 * J. Am. Stat. Assoc. 63:1379) — the median of all pairwise slopes, indifferent to a few odd days
 * — and the Mann–Kendall statistic that says whether a trend is there at all (Kendall 1975,
 * Rank Correlation Methods; the tie-corrected variance of Hipel & McLeod 1994).
 */

/** Median of all pairwise slopes (y_j − y_i)/(x_j − x_i), x_i ≠ x_j; NaN with fewer than two distinct x. O(n²): meant for tens of days. */
export function theilSenSlope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`theilSenSlope: ${x.length} x but ${y.length} y`);
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) if (x[j] !== x[i]) slopes.push((y[j] - y[i]) / (x[j] - x[i]));
  }
  if (slopes.length === 0) return NaN;
  const s = Float64Array.from(slopes).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Mann–Kendall Z of values in time order: S = Σ_{i<j} sign(y_j − y_i), with the continuity
 * correction (S − sign S)/√var and var = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)]/18 over groups of t
 * tied values. Approximately N(0, 1) without a trend when the values are independent. NaN below 3 values.
 */
export function mannKendallZ(y: ArrayLike<number>): number {
  const n = y.length;
  if (n < 3) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(y[j] - y[i]);
  const sorted = Float64Array.from(y).sort();
  let ties = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    ties += t * (t - 1) * (2 * t + 5);
    i = j + 1;
  }
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  if (variance <= 0) return 0;
  return (s - Math.sign(s)) / Math.sqrt(variance);
}
