import { ManifestError } from './manifest.types';

/**
 * The manifest's signals that the signal catalog does not know, each named by its index
 * (`signals[i]`, relative to the manifest) with a near match when there is one. A model over
 * an unknown signal could be registered but every machine would come out insufficient-data.
 */
export function unknownSignalErrors(signals: readonly string[], catalog: readonly string[]): ManifestError[] {
  const known = new Set(catalog);
  const errors: ManifestError[] = [];
  signals.forEach((signal, i) => {
    if (known.has(signal)) return;
    const near = closestName(signal, catalog);
    errors.push({
      field: `signals[${i}]`,
      message:
        `unknown signal "${signal}"${near ? ` — did you mean ${near}?` : ''} ` +
        `(the signal catalog has: ${catalog.join(', ')}; an admin adds signals with POST /api/signals)`,
    });
  });
  return errors;
}

/**
 * The candidate nearest to `name` by edit distance (insertions, deletions, substitutions and
 * swaps of neighbours, ignoring case), when it is near enough to be a likely typo or a
 * shortening: at most 2 edits, or a third of the longer name's length. Ties go to the earlier candidate.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const target = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const limit = Math.max(2, Math.floor(Math.max(target.length, candidate.length) / 3));
    const d = editDistance(target, candidate.toLowerCase());
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}
