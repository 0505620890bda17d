/**
 * ln Γ(z) for z > 0 (Lanczos, g = 7, nine coefficients: ~15 significant digits), enough for the
 * χ² tail probabilities below.
 */
export function lnGamma(z: number): number {
  if (!(z > 0)) throw new RangeError(`lnGamma needs z > 0, got ${z}`);
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - lnGamma(1 - z);
  const x = z - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * The regularised lower incomplete gamma function P(a, x): its power series below x = a + 1,
 * else 1 − the continued fraction of Q (Numerical Recipes §6.2), so both tails keep their digits.
 */
export function lowerGammaRegularized(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`a must be > 0, got ${a}`);
  if (!(x > 0)) return 0;
  const front = a * Math.log(x) - x - lnGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 10_000 && term > sum * 1e-17; k++) {
      term *= x / (a + k);
      sum += term;
    }
    return Math.exp(front + Math.log(sum));
  }
  // Modified Lentz for Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return 1 - Math.exp(front) * h;
}

/** P(X ≤ x) for X ~ χ² with `df` degrees of freedom. */
export function chiSquareCdf(df: number, x: number): number {
  return lowerGammaRegularized(df / 2, x / 2);
}

/** The x with P(χ²_df ≤ x) = p (0 < p < 1), by bisection on the CDF to 1e-12 relative. */
export function chiSquareQuantile(df: number, p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  let lo = 0;
  let hi = Math.max(1, df);
  while (chiSquareCdf(df, hi) < p) hi *= 2;
  while (hi - lo > 1e-12 * hi) {
    const mid = (lo + hi) / 2;
    if (chiSquareCdf(df, mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The standard normal quantile Φ⁻¹(p), 0 < p < 1: Acklam's rational approximation (relative
 * error < 1.2e-9), as `scipy.stats.norm.ppf` to eight digits.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const low = 0.02425;
  if (p < low) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - low) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

function tail(q: number): number {
  return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
