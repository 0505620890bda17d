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
  const column = new Float32Array(n);
  return reference.map((ref, c) => {
    if (n === 0) return { name: ref.name, psi: NaN, wassersteinSigma: NaN, jensenShannon: NaN, ks: NaN };
    for (let r = 0, k = 0; r < rowMask.length; r++) if (rowMask[r]) column[k++] = features[r * cols + c];
    // Kept windows never hold NaN, so the column sorts in place (the scratch array is refilled per
    // feature); KS and W1 come from one merge of the two sorted samples, both in WebAssembly.
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
