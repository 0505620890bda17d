import { Numbers } from './descriptive.util';

/**
 * `ksTwoSample(a, b).statistic` and `wasserstein1(a, b)` of the same two ascending, NaN-free
 * samples from one merge instead of two — feature drift takes both for every feature of every
 * machine. The merge is `wasserstein1`'s, element by element; the KS gap is read where its own
 * merge reads it, after each run of equal values. So both numbers are those of the functions
 * alone, to the bit (the spec compares them). NaN for an empty sample.
 */
export function ksAndWasserstein(aSorted: Numbers, bSorted: Numbers): { ks: number; w1: number } {
  const n = aSorted.length;
  const m = bSorted.length;
  if (n === 0 || m === 0) return { ks: NaN, w1: NaN };
  let i = 0;
  let j = 0;
  let prev = Math.min(aSorted[0], bSorted[0]);
  let area = 0;
  let maxDiff = 0;
  while (i < n || j < m) {
    const fromA = j >= m || (i < n && aSorted[i] <= bSorted[j]);
    const x = fromA ? aSorted[i] : bSorted[j];
    if (x !== x) throw new RangeError('ksAndWasserstein: NaN in input (sort with sortedCopy, which drops NaN)');
    // |i/n − j/m| as the integer |i·m − j·n|, before this value is counted (as wasserstein1 does).
    area += Math.abs(i * m - j * n) * (x - prev);
    if (fromA) i++;
    else j++;
    prev = x;
    // A run of equal values ends when neither head equals it: the KS gap after it. (ksTwoSample stops
    // when one sample runs out; the gaps after that only shrink, so reading them changes no maximum.)
    if (!(i < n && aSorted[i] <= x) && !(j < m && bSorted[j] <= x)) {
      const d = Math.abs(i * m - j * n);
      if (d > maxDiff) maxDiff = d;
    }
  }
  return { ks: maxDiff / (n * m), w1: area / (n * m) };
}
