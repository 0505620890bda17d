import { Numbers } from './descriptive.util';

interface SplitScores {
  pos: Float64Array;
  neg: Float64Array;
}

/** Scores of the positive (label 1) and negative (label 0) examples, each sorted ascending. */
function splitByLabel(scores: Numbers, labels: Numbers, what: string): SplitScores {
  if (scores.length !== labels.length) {
    throw new RangeError(`${what}: ${scores.length} scores but ${labels.length} labels`);
  }
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l === 1) nPos++;
    else if (l !== 0) throw new RangeError(`${what}: labels must be 0 or 1, got ${l} at ${i}`);
    const s = scores[i];
    if (s !== s) throw new RangeError(`${what}: NaN score at ${i}`);
  }
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(labels.length - nPos);
  let p = 0;
  let q = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) pos[p++] = scores[i];
    else neg[q++] = scores[i];
  }
  pos.sort();
  neg.sort();
  return { pos, neg };
}

/**
 * Area under the ROC curve (higher score = more likely positive), ties counted as
 * half, equal to sklearn.metrics.roc_auc_score. Labels are 0/1 (anything else
 * throws, as does a NaN score). NaN when only one class is present: the area is
 * undefined, and the caller should report insufficient data rather than 0.5.
 * Sorting the two classes separately turns the rank sum into one merge.
 */
export function auroc(scores: Numbers, labels: Numbers): number {
  const { pos, neg } = splitByLabel(scores, labels, 'auroc');
  const nP = pos.length;
  const nN = neg.length;
  if (nP === 0 || nN === 0) return NaN;
  let below = 0;
  let atOrBelow = 0;
  // Twice the Mann–Whitney U, so ties (worth ½) stay integer and exact.
  let twiceU = 0;
  let i = 0;
  while (i < nP) {
    const s = pos[i];
    let k = i + 1;
    while (k < nP && pos[k] === s) k++;
    while (below < nN && neg[below] < s) below++;
    if (atOrBelow < below) atOrBelow = below;
    while (atOrBelow < nN && neg[atOrBelow] === s) atOrBelow++;
    twiceU += (k - i) * (below + atOrBelow);
    i = k;
  }
  return twiceU / (2 * nP * nN);
}

/**
 * Average precision Σ (Rₖ − Rₖ₋₁) · Pₖ over the distinct score thresholds, highest
 * first — equal to sklearn.metrics.average_precision_score (no interpolation; tied
 * scores form one threshold). NaN when there is no positive; 1 when there is no
 * negative. Labels are 0/1.
 */
export function prAuc(scores: Numbers, labels: Numbers): number {
  const { pos, neg } = splitByLabel(scores, labels, 'prAuc');
  const nP = pos.length;
  if (nP === 0) return NaN;
  let i = nP - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  let sum = 0;
  while (i >= 0) {
    const t = j >= 0 && neg[j] > pos[i] ? neg[j] : pos[i];
    let newTp = 0;
    while (i >= 0 && pos[i] === t) {
      i--;
      newTp++;
    }
    while (j >= 0 && neg[j] === t) {
      j--;
      fp++;
    }
    tp += newTp;
    if (newTp > 0) sum += (newTp * tp) / (tp + fp);
  }
  return sum / nP;
}
