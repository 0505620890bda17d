/**
 * Partial sums of one signal over consecutive base blocks of `blockSize` samples.
 * Sums are taken relative to each block's first valid value (`ref`) and time is the
 * sample index inside the block, so no accumulator ever sees a large offset: a
 * window then shifts the blocks to a common reference exactly (window-aggregate.util).
 */
export interface BlockStats {
  blockSize: number;
  count: Int32Array;
  ref: Float64Array;
  /** Σ(x − ref) */
  sum: Float64Array;
  /** Σ(x − ref)² */
  sumSq: Float64Array;
  min: Float64Array;
  max: Float64Array;
  last: Float64Array;
  /** Σu, Σu², Σu·(x − ref) with u the sample index inside the block */
  sumT: Float64Array;
  sumTT: Float64Array;
  sumTX: Float64Array;
}

// Scratch slots filled by scanBlock.
const C = 0;
const REF = 1;
const SX = 2;
const SXX = 3;
const SU = 4;
const SUU = 5;
const SUX = 6;
const MIN = 7;
const MAX = 8;
const LAST = 9;

/**
 * The per-sample loop lives in its own small function: V8 optimises it as a whole
 * after a few blocks, whereas one big function would run its loop on on-stack
 * replacement code and keep deoptimising at the loop exit.
 */
function scanBlock(values: Float32Array, lo: number, hi: number, u0: number, out: Float64Array): void {
  let c = 0;
  let r = 0;
  let sx = 0;
  let sxx = 0;
  let su = 0;
  let suu = 0;
  let sux = 0;
  let mn = Infinity;
  let mx = -Infinity;
  let last = NaN;
  let j = lo;
  // Reference = first valid sample; NaN and ±Infinity fail `x - x === 0`, so non-finite samples are missing.
  for (; j < hi; j++) {
    const x = values[j];
    if (x - x === 0) {
      r = x;
      break;
    }
  }
  for (; j < hi; j++) {
    const x = values[j];
    if (x - x !== 0) continue;
    const d = x - r;
    const u = j + u0;
    c++;
    sx += d;
    sxx += d * d;
    su += u;
    suu += u * u;
    sux += u * d;
    if (x < mn) mn = x;
    if (x > mx) mx = x;
    last = x;
  }
  out[C] = c;
  out[REF] = r;
  out[SX] = sx;
  out[SXX] = sxx;
  out[SU] = su;
  out[SUU] = suu;
  out[SUX] = sux;
  out[MIN] = mn;
  out[MAX] = mx;
  out[LAST] = last;
}

/**
 * One pass over `values`, which sit at grid index `offset`; grid samples outside the
 * array count as missing. Blocks without a valid sample keep count 0 and NaN ref.
 */
export function computeBlockStats(values: Float32Array, offset: number, blockSize: number, blockCount: number): BlockStats {
  const stats: BlockStats = {
    blockSize,
    count: new Int32Array(blockCount),
    ref: new Float64Array(blockCount).fill(NaN),
    sum: new Float64Array(blockCount),
    sumSq: new Float64Array(blockCount),
    min: new Float64Array(blockCount).fill(Infinity),
    max: new Float64Array(blockCount).fill(-Infinity),
    last: new Float64Array(blockCount).fill(NaN),
    sumT: new Float64Array(blockCount),
    sumTT: new Float64Array(blockCount),
    sumTX: new Float64Array(blockCount),
  };
  const scratch = new Float64Array(10);
  for (let b = 0; b < blockCount; b++) {
    const gridLo = b * blockSize;
    const lo = Math.max(gridLo - offset, 0);
    const hi = Math.min(gridLo + blockSize - offset, values.length);
    if (lo >= hi) continue;
    scanBlock(values, lo, hi, offset - gridLo, scratch);
    const c = scratch[C];
    if (c === 0) continue;
    stats.count[b] = c;
    stats.ref[b] = scratch[REF];
    stats.sum[b] = scratch[SX];
    stats.sumSq[b] = scratch[SXX];
    stats.sumT[b] = scratch[SU];
    stats.sumTT[b] = scratch[SUU];
    stats.sumTX[b] = scratch[SUX];
    stats.min[b] = scratch[MIN];
    stats.max[b] = scratch[MAX];
    stats.last[b] = scratch[LAST];
  }
  return stats;
}
