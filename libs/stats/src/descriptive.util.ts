import { sortNumbers } from './sort.util';
/**
 * Any array of numbers the fleet code passes around: Float64Array, Float32Array
 * (telemetry chunks), number[] or a subarray of one of them.
 */
export type Numbers = ArrayLike<number>;

/**
 * Copy of `x` without NaN, sorted ascending, as a Float64Array. This is the entry
 * point for every function below that wants sorted input. When `scratch` is long
 * enough it is reused (the result is a subarray of it), so a worker can sort the 40
 * feature columns of a machine into one buffer without allocating per feature.
 */
export function sortedCopy(x: Numbers, scratch?: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) n++;
  }
  const out = scratch !== undefined && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) out[k++] = v;
  }
  // TypedArray#sort without a comparator is a numeric sort, far faster than Array#sort.
  sortNumbers(out);
  return out;
}

/** Arithmetic mean; NaN for an empty array (NaN values propagate, as in numpy). */
export function mean(x: Numbers): number {
  const n = x.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  return sum / n;
}

/**
 * Standard deviation with `ddof` delta degrees of freedom (0: population, like
 * numpy's default; 1: sample). NaN when `n - ddof <= 0`. Two passes, so a large
 * offset (e.g. 1e6 + small noise) does not cancel catastrophically.
 */
export function std(x: Numbers, ddof: 0 | 1 = 0): number {
  const n = x.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - ddof));
}

/**
 * Median of unsorted data (selects in a copy: `kthSmallest`). NaN for an empty array or when any value
 * is NaN, like numpy.median; drop NaN first with `sortedCopy` if that is wanted.
 * Computed as numpy.median does — the middle value, or (a + b) / 2 of the two middle
 * values — not through `quantile(sorted, 0.5)`, whose interpolation differs in the last
 * bit for some pairs and gives NaN beside an infinite neighbour.
 */
export function median(x: Numbers): number {
  const n = x.length;
  if (n === 0) return NaN;
  const copy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) return NaN;
    copy[i] = v;
  }
  const m = n >> 1;
  const upper = kthSmallest(copy, m);
  if (n % 2) return upper;
  // Selection leaves the m smallest before position m: the largest of them is the other middle value.
  let lower = copy[0];
  for (let i = 1; i < m; i++) if (copy[i] > lower) lower = copy[i];
  return (signedAt(copy, m - 1, lower) + upper) / 2;
}

/** Ranges up to this long are sorted rather than partitioned further. */
const SELECT_SORT = 16;

/**
 * The value at position k of `a` sorted ascending (as `sortNumbers` orders it, −0 before +0),
 * by selection: `a` (NaN-free) is rearranged so that a[0, k) ≤ a[k] ≤ a[k + 1, n). Three-way
 * partitions around a median of three, so runs of equal values (a stuck or quantised signal) cost
 * one pass; O(n) on any data a fleet produces, instead of a sort's O(n log n) — the median of a
 * day of minute samples was most of a scoring round's quality grade. Past a budget of rounds (an
 * adversarial order) the rest is sorted.
 */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length;
  for (let budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 8; hi - lo > SELECT_SORT && budget > 0; budget--) {
    const pivot = medianOfThree(a[lo], a[(lo + hi) >> 1], a[hi - 1]);
    // a[lo, lt) < pivot, a[lt, i) = pivot, a[gt, hi) > pivot
    let lt = lo;
    let gt = hi;
    for (let i = lo; i < gt;) {
      const v = a[i];
      if (v < pivot) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[--gt];
        a[gt] = v;
      } else i++;
    }
    if (k < lt) hi = lt;
    else if (k >= gt) lo = gt;
    else return signedAt(a, k, pivot);
  }
  sortNumbers(a.subarray(lo, hi));
  return signedAt(a, k, a[k]);
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

/**
 * `value`, the value at sorted position k, with the sign a sort gives a zero there: −0 and +0
 * compare equal and a sort puts every −0 first, so a zero at position k is −0 exactly when k is
 * below the count of negatives and −0s.
 */
function signedAt(a: Float64Array, k: number, value: number): number {
  if (value !== 0) return value;
  let below = 0;
  for (let i = 0; i < a.length; i++) if (a[i] < 0 || Object.is(a[i], -0)) below++;
  return k < below ? -0 : 0;
}

/**
 * One quantile of ascending-sorted, NaN-free data with linear interpolation
 * (numpy's default `method='linear'`, same rounding: numpy's lerp switches to the
 * upper end above t = 0.5). NaN for an empty array.
 */
export function quantile(sorted: Numbers, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Several quantiles of ascending-sorted, NaN-free data; see `quantile`. */
export function quantiles(sorted: Numbers, probs: Numbers): Float64Array {
  const out = new Float64Array(probs.length);
  for (let k = 0; k < probs.length; k++) out[k] = quantile(sorted, probs[k]);
  return out;
}
