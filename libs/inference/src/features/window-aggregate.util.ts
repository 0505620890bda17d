import type { BlockStats } from './block-stats.util';
import type { Aggregation } from './feature-recipe.util';

// Accumulator slots. Plain module-local constants on purpose: an enum imported from
// another module is a property lookup on every access of this hot loop.
const COUNT = 0;
/** Window reference R: the ref of its first non-empty block. */
const REF = 1;
/** Σ(x − R), Σ(x − R)² */
const SUM = 2;
const SUM_SQ = 3;
/** Σt, Σt², Σt·(x − R) with t the sample index inside the window */
const SUM_T = 4;
const SUM_TT = 5;
const SUM_TX = 6;
const MIN = 7;
const MAX = 8;
const LAST = 9;

export const WINDOW_SLOTS = 10;

const MEAN_CODE = 0;
const STD_CODE = 1;
const MIN_CODE = 2;
const MAX_CODE = 3;
const SLOPE_CODE = 4;
const LAST_CODE = 5;

const AGG_CODE: Record<Aggregation, number> = {
  mean: MEAN_CODE,
  std: STD_CODE,
  min: MIN_CODE,
  max: MAX_CODE,
  slope: SLOPE_CODE,
  last: LAST_CODE,
};

export function aggregationCodes(aggregations: readonly Aggregation[]): Int32Array {
  return Int32Array.from(aggregations, (a) => AGG_CODE[a]);
}

/**
 * Adds up `blocks` consecutive blocks from `firstBlock` into `acc` and returns the
 * number of valid samples.
 * Each block's sums are re-expressed relative to the window reference R, and its
 * block-local time u as window-local time u + d; within one window the refs are close,
 * so nothing large is subtracted when the variance and slope are taken.
 */
export function combineBlocks(st: BlockStats, firstBlock: number, blocks: number, acc: Float64Array): number {
  const B = st.blockSize;
  let n = 0;
  let R = NaN;
  let sx = 0;
  let sxx = 0;
  let t1 = 0;
  let t2 = 0;
  let tx = 0;
  let mn = Infinity;
  let mx = -Infinity;
  let last = NaN;
  for (let j = 0; j < blocks; j++) {
    const b = firstBlock + j;
    const c = st.count[b];
    if (c === 0) continue;
    if (n === 0) R = st.ref[b];
    const dr = st.ref[b] - R;
    const d = j * B;
    const bsx = st.sum[b];
    const bsu = st.sumT[b];
    // Σ(x−R)² = Σ((x−r) + dr)²;  Σ(u+d)² ;  Σ(u+d)((x−r) + dr)
    sxx += st.sumSq[b] + 2 * dr * bsx + dr * dr * c;
    t1 += bsu + d * c;
    t2 += st.sumTT[b] + 2 * d * bsu + d * d * c;
    tx += st.sumTX[b] + d * bsx + dr * (bsu + d * c);
    sx += bsx + dr * c;
    n += c;
    if (st.min[b] < mn) mn = st.min[b];
    if (st.max[b] > mx) mx = st.max[b];
    last = st.last[b];
  }
  acc[COUNT] = n;
  acc[REF] = R;
  acc[SUM] = sx;
  acc[SUM_SQ] = sxx;
  acc[SUM_T] = t1;
  acc[SUM_TT] = t2;
  acc[SUM_TX] = tx;
  acc[MIN] = mn;
  acc[MAX] = mx;
  acc[LAST] = last;
  return n;
}

/** Writes the requested aggregations (codes from aggregationCodes) of a combined window. */
export function writeAggregations(acc: Float64Array, aggs: Int32Array, out: Float32Array, base: number): void {
  const n = acc[COUNT];
  const sx = acc[SUM];
  const meanRel = sx / n;
  for (let a = 0; a < aggs.length; a++) {
    let v: number;
    switch (aggs[a]) {
      case MEAN_CODE:
        v = acc[REF] + meanRel;
        break;
      case STD_CODE:
        v = Math.sqrt(Math.max(0, acc[SUM_SQ] / n - meanRel * meanRel));
        break;
      case MIN_CODE:
        v = acc[MIN];
        break;
      case MAX_CODE:
        v = acc[MAX];
        break;
      case SLOPE_CODE: {
        const t1 = acc[SUM_T];
        v = (acc[SUM_TX] - (t1 * sx) / n) / (acc[SUM_TT] - (t1 * t1) / n);
        break;
      }
      default: // LAST_CODE
        v = acc[LAST];
    }
    out[base + a] = v;
  }
}
