import { Numbers, quantile } from './descriptive.util';

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The smallest double greater than `x` (for finite x). */
export function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  u64[0] = x > 0 ? u64[0] + 1n : u64[0] - 1n;
  return f64[0];
}

/**
 * Cut points for drift histograms, from the reference's quantiles at
 * 1/nBins, 2/nBins, …, (nBins-1)/nBins (deduplicated).
 *
 * The k cut points e[0] < … < e[k-1] define k + 1 bins:
 * (-∞, e[0]), [e[0], e[1]), …, [e[k-1], +∞). The outer bins are open so a machine
 * whose values go past the reference's extremes lands in the outermost bins instead
 * of vanishing, and a handful of far-out samples do not dominate PSI.
 *
 * A value that the reference repeats across quantiles (a point mass ≥ 1/nBins: a
 * flat sensor, a binary feature, a clamp) gets a bin of its own, [c, nextUp(c)), so
 * values just above and below it stay distinguishable. A flat reference therefore
 * gives three bins: below c, exactly c, above c.
 *
 * Throws on an empty reference (there is nothing to bin against) and on nBins < 2.
 */
export function referenceBins(refSorted: Numbers, nBins = 10): Float64Array {
  if (!Number.isInteger(nBins) || nBins < 2) throw new RangeError(`nBins must be an integer >= 2, got ${nBins}`);
  if (refSorted.length === 0) throw new RangeError('referenceBins needs a non-empty reference');
  const raw = new Float64Array(nBins + 1);
  for (let i = 0; i <= nBins; i++) raw[i] = quantile(refSorted, i / nBins);
  const cuts: number[] = [];
  for (let i = 1; i < nBins; i++) {
    const c = raw[i];
    if (cuts.length === 0 || c > cuts[cuts.length - 1]) cuts.push(c);
    const pointMass = raw[i - 1] === c || raw[i + 1] === c;
    if (pointMass) {
      const above = nextUp(c);
      if (above > cuts[cuts.length - 1]) cuts.push(above);
    }
  }
  return Float64Array.from(cuts);
}

/** Index of the bin holding `v` for the cut points `edges` (see `referenceBins`). */
function binIndex(edges: Numbers, v: number): number {
  // Upper bound: the number of cut points <= v.
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Proportion of `sample` in each of the `edges.length + 1` bins defined by the cut
 * points `edges` (see `referenceBins`). The sample needs no sorting; NaN values are
 * skipped. All proportions are NaN when the sample has no non-NaN value.
 */
export function histogram(sample: Numbers, edges: Numbers): Float64Array {
  const out = new Float64Array(edges.length + 1);
  let total = 0;
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i];
    if (v !== v) continue;
    out[binIndex(edges, v)]++;
    total++;
  }
  if (total === 0) return out.fill(NaN);
  for (let b = 0; b < out.length; b++) out[b] /= total;
  return out;
}

/**
 * `histogram` of an ascending sample (NaN, if any, last — as `sortNumbers` leaves it): a binary
 * search per cut point instead of one per value — a bin's count is the difference of two
 * positions. The same counts, so the same proportions.
 */
export function histogramSorted(sorted: Numbers, edges: Numbers): Float64Array {
  const out = new Float64Array(edges.length + 1);
  let total = sorted.length;
  while (total > 0 && sorted[total - 1] !== sorted[total - 1]) total--;
  if (total === 0) return out.fill(NaN);
  // Values below edges[b] are those in bins 0…b (a value's bin is the number of cut points <= it, as in `binIndex`).
  let before = 0;
  for (let b = 0; b < edges.length; b++) {
    const below = countBelow(sorted, total, edges[b]);
    out[b] = below - before;
    before = below;
  }
  out[edges.length] = total - before;
  for (let b = 0; b < out.length; b++) out[b] /= total;
  return out;
}

/** How many of the first `length` values of an ascending array are below `cut`. */
function countBelow(sorted: Numbers, length: number, cut: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < cut) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
