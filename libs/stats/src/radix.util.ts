/**
 * Least-significant-digit radix sorts of IEEE-754 numbers by their bit patterns: each number's
 * bits become an unsigned key that orders like the number (sign bit set on a positive, every bit
 * flipped on a negative), and 11-bit digits are counted and scattered from the lowest up. No
 * comparison, so no mispredicted branch per step; a digit every key shares (the exponent of
 * values of one magnitude, say) is skipped. On the few thousand values the evaluation sorts per
 * feature and signal this is several times faster than a comparison sort.
 *
 * Not re-entrant: the scratch buffers are shared (nothing here calls back into user code).
 */

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;

let keys = new Uint32Array(0);
let spare = new Uint32Array(0);
let index = new Uint32Array(0);
let spareIndex = new Uint32Array(0);
const counts = new Uint32Array(RADIX * 6);

function reserve(words: number, withIndex: boolean): void {
  if (keys.length < words) {
    keys = new Uint32Array(words);
    spare = new Uint32Array(words);
  }
  if (withIndex && index.length < words) {
    index = new Uint32Array(words);
    spareIndex = new Uint32Array(words);
  }
}

/** Turns the counts of one digit into start offsets; false when every key has the same digit (nothing to move). */
function offsets(base: number, n: number): boolean {
  let sum = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = counts[base + d];
    if (c === n) return false;
    counts[base + d] = sum;
    sum += c;
  }
  return true;
}

/**
 * Sorts the first `n` values of a Float32Array in place, ascending, as the built-in sort does for
 * numbers (−0 before +0); the caller has moved any NaN out of that range.
 */
export function radixSortFloat32(a: Float32Array, n: number): void {
  reserve(n, false);
  const bits = new Uint32Array(a.buffer, a.byteOffset, n);
  counts.fill(0, 0, 3 * RADIX);
  for (let i = 0; i < n; i++) {
    const b = bits[i];
    const k = (b & 0x80000000 ? ~b : b | 0x80000000) >>> 0;
    keys[i] = k;
    counts[k & MASK]++;
    counts[RADIX + ((k >>> BITS) & MASK)]++;
    counts[2 * RADIX + (k >>> (2 * BITS))]++;
  }
  let src = keys;
  let dst = spare;
  for (let p = 0; p < 3; p++) {
    if (!offsets(p * RADIX, n)) continue;
    const shift = p * BITS;
    const base = p * RADIX;
    for (let i = 0; i < n; i++) {
      const k = src[i];
      dst[counts[base + ((k >>> shift) & MASK)]++] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  for (let i = 0; i < n; i++) {
    const k = src[i];
    bits[i] = (k & 0x80000000 ? k & 0x7fffffff : ~k) >>> 0;
  }
}

/** The six 11-bit digits of a 64-bit key held as (lo, hi) words, lowest first. */
function digit(p: number, lo: number, hi: number): number {
  switch (p) {
    case 0:
      return lo & MASK;
    case 1:
      return (lo >>> 11) & MASK;
    case 2:
      return ((lo >>> 22) | (hi << 10)) & MASK;
    case 3:
      return (hi >>> 1) & MASK;
    case 4:
      return (hi >>> 12) & MASK;
    default:
      return hi >>> 23;
  }
}

/** Counts every digit of the keys in `keys[0, 2n)` (lo, hi pairs). */
function countDigits64(n: number): void {
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const lo = keys[2 * i];
    const hi = keys[2 * i + 1];
    counts[lo & MASK]++;
    counts[RADIX + ((lo >>> 11) & MASK)]++;
    counts[2 * RADIX + (((lo >>> 22) | (hi << 10)) & MASK)]++;
    counts[3 * RADIX + ((hi >>> 1) & MASK)]++;
    counts[4 * RADIX + ((hi >>> 12) & MASK)]++;
    counts[5 * RADIX + (hi >>> 23)]++;
  }
}

/**
 * Sorts the 64-bit keys in `keys[0, 2n)` (lo, hi pairs) by their six digits; returns the buffer
 * that holds the result (`keys` and `spare` swap roles pass by pass). Stable, as every LSD pass is.
 */
function sortKeys64(n: number): Uint32Array {
  countDigits64(n);
  let src = keys;
  let dst = spare;
  for (let p = 0; p < 6; p++) {
    if (!offsets(p * RADIX, n)) continue;
    const base = p * RADIX;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i];
      const hi = src[2 * i + 1];
      const j = counts[base + digit(p, lo, hi)]++;
      dst[2 * j] = lo;
      dst[2 * j + 1] = hi;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/**
 * Sorts the first `n` values of a Float64Array in place, ascending, as the built-in sort does for
 * numbers (−0 before +0); the caller has moved any NaN out of that range.
 */
export function radixSortFloat64(a: Float64Array, n: number): void {
  reserve(2 * n, false);
  // Little-endian words: the low half of value i at 2i, the high half (with the sign) at 2i + 1.
  const words = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    const negative = hi & 0x80000000;
    keys[2 * i] = negative ? ~lo >>> 0 : lo;
    keys[2 * i + 1] = (negative ? ~hi : hi | 0x80000000) >>> 0;
  }
  const src = sortKeys64(n);
  for (let i = 0; i < n; i++) {
    const lo = src[2 * i];
    const hi = src[2 * i + 1];
    const negative = !(hi & 0x80000000);
    words[2 * i] = negative ? ~lo >>> 0 : lo;
    words[2 * i + 1] = (negative ? ~hi : hi & 0x7fffffff) >>> 0;
  }
}

/**
 * The order that sorts the first `count` values ascending, stably: ties — and −0 with +0, which
 * compare equal — keep their index order, NaN last (in index order), as a stable comparison sort
 * of the indices by value gives. Returns a new array of indices.
 *
 * It sorts 32-bit keys — the values rounded to float32 — in three passes instead of six: rounding
 * keeps order (a < b ⇒ f32(a) ≤ f32(b)), so the only values the keys leave unordered are those
 * sharing a float32, which `settleTies` puts in order by their full value afterwards.
 */
export function sortedOrder(values: ArrayLike<number>, count = values.length): Uint32Array {
  reserve(count, true);
  for (let i = 0; i < count; i++) {
    const v = values[i];
    // One key for ±0 (they tie) and one for every NaN (they go last).
    single[0] = v === 0 ? 0 : v;
    const b = singleBits[0];
    keys[i] = v !== v ? 0xffffffff : (b & 0x80000000 ? ~b : b | 0x80000000) >>> 0;
    index[i] = i;
  }
  const sorted = sortKeys32(count);
  const order = sorted.index.slice(0, count);
  settleTies(values, sorted.keys, order);
  return order;
}

const single = new Float32Array(1);
const singleBits = new Uint32Array(single.buffer);

/**
 * Sorts `keys[0, n)` with `index` along by three 11-bit digits (LSD, stable); returns the buffers
 * holding the result. `radixSortFloat32` keeps its own copy of these passes without the index: one
 * shared loop with a branch on the index measured ~20 % slower on drift's 2,000-value columns.
 */
function sortKeys32(n: number): { keys: Uint32Array; index: Uint32Array } {
  counts.fill(0, 0, 3 * RADIX);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    counts[k & MASK]++;
    counts[RADIX + ((k >>> BITS) & MASK)]++;
    counts[2 * RADIX + (k >>> (2 * BITS))]++;
  }
  let src = keys;
  let dst = spare;
  let srcIndex = index;
  let dstIndex = spareIndex;
  for (let p = 0; p < 3; p++) {
    if (!offsets(p * RADIX, n)) continue;
    const shift = p * BITS;
    const base = p * RADIX;
    for (let i = 0; i < n; i++) {
      const k = src[i];
      const j = counts[base + ((k >>> shift) & MASK)]++;
      dst[j] = k;
      dstIndex[j] = srcIndex[i];
    }
    [src, dst] = [dst, src];
    [srcIndex, dstIndex] = [dstIndex, srcIndex];
  }
  return { keys: src, index: srcIndex };
}

/** Runs longer than this that are not nearly in order are sorted by a comparison sort, not by insertion. */
const INSERTION_RUN = 32;

/**
 * Orders each run of equal keys (values sharing a float32) by the values themselves, keeping index
 * order among equal values — by insertion, since such runs are short or already in order (a flat
 * signal: one long run of one value); a long run out of order goes to the built-in stable sort.
 * The NaN run stays in index order.
 */
function settleTies(values: ArrayLike<number>, sortedKeys: Uint32Array, order: Uint32Array): void {
  const n = order.length;
  for (let a = 0; a < n;) {
    let b = a + 1;
    while (b < n && sortedKeys[b] === sortedKeys[a]) b++;
    if (b - a > 1 && sortedKeys[a] !== 0xffffffff && !insertionSort(values, order, a, b, b - a > INSERTION_RUN ? 4 * (b - a) : Infinity)) {
      const run = Array.from(order.subarray(a, b)).sort((i, j) => (values[i] < values[j] ? -1 : values[i] > values[j] ? 1 : 0));
      order.set(run, a);
    }
    a = b;
  }
}

/** Stable insertion sort of order[a, b) by value; gives up (false, the run partly moved) after `budget` moves. */
function insertionSort(values: ArrayLike<number>, order: Uint32Array, a: number, b: number, budget: number): boolean {
  let moves = 0;
  for (let i = a + 1; i < b; i++) {
    const o = order[i];
    const v = values[o];
    let j = i - 1;
    while (j >= a && values[order[j]] > v) {
      order[j + 1] = order[j];
      j--;
      if (++moves > budget) {
        order[j + 1] = o;
        return false;
      }
    }
    order[j + 1] = o;
  }
  return true;
}
