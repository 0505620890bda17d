import { histogram, referenceBins } from './bins.util';
import { Numbers } from './descriptive.util';

function sameLength(p: Numbers, q: Numbers, what: string): void {
  if (p.length !== q.length) throw new RangeError(`${what}: length mismatch (${p.length} vs ${q.length})`);
}

/**
 * Population Stability Index Σ (s − r) · ln(s / r) over matching bins (natural log,
 * the industry convention behind the 0.1 / 0.25 thresholds). Both proportions are
 * raised to `floor` first so an empty bin gives a large but finite term instead of
 * Infinity; the floored proportions are not renormalised. NaN proportions give NaN.
 */
export function psi(refProportions: Numbers, sampleProportions: Numbers, floor = 1e-4): number {
  sameLength(refProportions, sampleProportions, 'psi');
  if (!(floor > 0)) throw new RangeError(`psi floor must be > 0, got ${floor}`);
  let sum = 0;
  for (let b = 0; b < refProportions.length; b++) {
    const r = Math.max(refProportions[b], floor);
    const s = Math.max(sampleProportions[b], floor);
    sum += (s - r) * Math.log(s / r);
  }
  // Math.max(NaN, floor) is NaN, so NaN proportions already made `sum` NaN.
  return sum;
}

/**
 * PSI of `sample` (unsorted is fine, NaN skipped) against the reference's quantile
 * bins. NaN when either side has no data. In a fleet run, compute the edges and the
 * reference proportions once per feature and call `histogram` + `psi` per machine.
 */
export function psiFromSamples(refSorted: Numbers, sample: Numbers, nBins = 10, floor = 1e-4): number {
  if (refSorted.length === 0) return NaN;
  const edges = referenceBins(refSorted, nBins);
  return psi(histogram(refSorted, edges), histogram(sample, edges), floor);
}

/** x · ln(x / y) with the conventions of scipy.special.rel_entr. */
function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/**
 * Jensen–Shannon distance (the square root of the divergence) in base 2, so it lies
 * in [0, 1]; equals scipy.spatial.distance.jensenshannon(p, q, base=2). Inputs are
 * normalised to sum 1 first, as scipy does. NaN when either sums to 0; throws on a
 * negative entry or a length mismatch.
 */
export function jensenShannon(p: Numbers, q: Numbers): number {
  sameLength(p, q, 'jensenShannon');
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] < 0 || q[i] < 0) throw new RangeError('jensenShannon: negative probability');
    sp += p[i];
    sq += q[i];
  }
  if (!(sp > 0 && sq > 0)) return NaN;
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sp;
    const qi = q[i] / sq;
    const m = (pi + qi) / 2;
    js += relEntr(pi, m) + relEntr(qi, m);
  }
  // Rounding can leave a -1e-17 for identical inputs; the distance is 0 then.
  return Math.sqrt(Math.max(0, js / 2 / Math.LN2));
}

/** Jensen–Shannon distance of `sample` vs the reference over the reference's quantile bins. */
export function jensenShannonFromSamples(refSorted: Numbers, sample: Numbers, nBins = 10): number {
  if (refSorted.length === 0) return NaN;
  const edges = referenceBins(refSorted, nBins);
  return jensenShannon(histogram(refSorted, edges), histogram(sample, edges));
}
