import { Numbers, std } from './descriptive.util';

/**
 * Exact 1-Wasserstein distance ∫ |F_ref − F_sample| dx between two empirical
 * distributions, as scipy.stats.wasserstein_distance(ref, sample). Both inputs must
 * be ascending and NaN-free (see `sortedCopy`); one O(n + m) merge, no allocation.
 * NaN when either input is empty.
 */
export function wasserstein1(refSorted: Numbers, sampleSorted: Numbers): number {
  const n = refSorted.length;
  const m = sampleSorted.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let prev = Math.min(refSorted[0], sampleSorted[0]);
  // |i/n − j/m| = |i·m − j·n| / (n·m): integer arithmetic, exact up to 2^53.
  let area = 0;
  while (i < n || j < m) {
    let x: number;
    if (j >= m || (i < n && refSorted[i] <= sampleSorted[j])) {
      x = refSorted[i];
      area += Math.abs(i * m - j * n) * (x - prev);
      i++;
    } else {
      x = sampleSorted[j];
      area += Math.abs(i * m - j * n) * (x - prev);
      j++;
    }
    prev = x;
  }
  return area / (n * m);
}

/**
 * W1 in units of the reference's standard deviation (population, ddof 0), so one
 * threshold fits every feature whatever its unit. Pass `refStd` when it is already
 * known (it is part of the reference profile) to skip a pass over the reference.
 *
 * A flat reference (std 0) has no scale: the result is 0 when W1 is 0 (the sample is
 * the same constant) and Infinity otherwise — any movement away from a constant is
 * unbounded relative drift. JSON has no Infinity: store it with `encodeNonFinite`.
 * NaN when either input is empty.
 */
export function wassersteinNormalised(refSorted: Numbers, sampleSorted: Numbers, refStd?: number): number {
  return inReferenceSigmas(wasserstein1(refSorted, sampleSorted), refSorted, refStd);
}

/** A W1 already computed (by `ksAndWasserstein`, say) in units of the reference's σ, as `wassersteinNormalised` gives it. */
export function inReferenceSigmas(w: number, refSorted: Numbers, refStd?: number): number {
  if (w !== w) return NaN;
  const sd = refStd ?? std(refSorted, 0);
  if (sd === 0) return w === 0 ? 0 : Infinity;
  return w / sd;
}
