import { histogramSorted, inReferenceSigmas, jensenShannon, psi, sortedKsAndWasserstein } from '@fleetgate/stats';
import { ProfileFeature } from './profile-view.util';

export interface FeatureDrift {
  name: string;
  psi: number;
  wassersteinSigma: number;
  jensenShannon: number;
  ks: number;
}

/**
 * Drift of each feature of the machine's healthy windows against the pilot's reference:
 * effect sizes only (PSI on reference-quantile bins, W1/σ_ref, JS distance, KS statistic).
 */
export function featureDrift(features: Float32Array, cols: number, rowMask: Uint8Array, reference: readonly ProfileFeature[]): FeatureDrift[] {
  let n = 0;
  for (let r = 0; r < rowMask.length; r++) n += rowMask[r];
  // Float32 like the windows themselves: the same values, and half the bits for the radix sort to move.
  const columns = keptColumns(features, cols, rowMask, n);
  return reference.map((ref, c) => {
    if (n === 0) return { name: ref.name, psi: NaN, wassersteinSigma: NaN, jensenShannon: NaN, ks: NaN };
    // Kept windows never hold NaN, so each column sorts in place; KS and W1 come from one merge
    // of the two sorted samples, both in WebAssembly.
    const column = columns.subarray(c * n, (c + 1) * n);
    const { ks, w1 } = sortedKsAndWasserstein(ref.sorted, column);
    const proportions = histogramSorted(column, ref.edges);
    return {
      name: ref.name,
      psi: psi(ref.proportions, proportions),
      wassersteinSigma: inReferenceSigmas(w1, ref.sorted, Number.isFinite(ref.std) ? ref.std : undefined),
      jensenShannon: jensenShannon(ref.proportions, proportions),
      ks,
    };
  });
}

/**
 * The kept rows' features column by column (feature c at [c·n, (c + 1)·n)), in one pass over the
 * rows: gathering each feature from every row in turn took longer than sorting it.
 */
function keptColumns(features: Float32Array, cols: number, rowMask: Uint8Array, n: number): Float32Array {
  const columns = new Float32Array(n * cols);
  for (let r = 0, k = 0; r < rowMask.length; r++) {
    if (!rowMask[r]) continue;
    for (let c = 0, at = r * cols; c < cols; c++) columns[c * n + k] = features[at + c];
    k++;
  }
  return columns;
}
