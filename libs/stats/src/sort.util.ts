import { radixSortFloat32, radixSortFloat64 } from './radix.util';

/** Below this many values a range is finished by insertion sort. */
const SMALL = 16;
/** From this many values on, a radix sort (`radix.util`): below it, counting 2,048 digit buckets per pass costs more than comparing. */
const RADIX_FROM = 512;

/**
 * Sorts in place, ascending, with exactly the result of `TypedArray.prototype.sort()` (−0 before
 * +0, NaN last), several times faster on the few thousand values the evaluation sorts per feature,
 * signal and machine (V8's built-in typed-array sort is a generic merge sort): a radix sort of the
 * bit patterns from `RADIX_FROM` values on, a median-of-three quicksort below (a range that
 * recurses too deep, an adversarial order, is handed to the built-in).
 */
export function sortNumbers<T extends Float64Array | Float32Array>(a: T): T {
  let n = a.length;
  for (let i = 0; i < n;) {
    if (a[i] !== a[i]) {
      n--;
      a[i] = a[n];
      a[n] = NaN;
    } else i++;
  }
  if (n >= RADIX_FROM) {
    if (a instanceof Float64Array) radixSortFloat64(a, n);
    else radixSortFloat32(a, n);
    return a;
  }
  quick(a, 0, n - 1, 2 * Math.ceil(Math.log2(n + 1)) + 8);
  zerosInOrder(a, n);
  return a;
}

function quick(a: Float64Array | Float32Array, lo: number, hi: number, depth: number): void {
  while (hi - lo > SMALL) {
    if (depth-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const x = a[lo];
    const y = a[(lo + hi) >> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
    if (j - lo < hi - i) {
      quick(a, lo, j, depth);
      lo = i;
    } else {
      quick(a, i, hi, depth);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let k = i - 1;
    while (k >= lo && a[k] > v) {
      a[k + 1] = a[k];
      k--;
    }
    a[k + 1] = v;
  }
}

/** −0 and +0 compare equal above; the built-in puts every −0 first. */
function zerosInOrder(a: Float64Array | Float32Array, n: number): void {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < 0) lo = mid + 1;
    else hi = mid;
  }
  let negative = 0;
  let end = lo;
  for (; end < n && a[end] === 0; end++) if (1 / a[end] < 0) negative++;
  for (let i = lo; i < end; i++) a[i] = i - lo < negative ? -0 : 0;
}
