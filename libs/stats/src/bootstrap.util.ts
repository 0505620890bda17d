import { Numbers, quantile } from './descriptive.util';
import { sortNumbers } from './sort.util';

/**
 * 32-bit FNV-1a hash of a string's UTF-16 code units (offset basis 2166136261, prime 16777619):
 * turns a key such as "asset-17:temperature" into a seed.
 */
export function fnv1a32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit-state generator of uniforms in [0, 1),
 * plenty for a few thousand bootstrap draws, and the same sequence on every platform — so a
 * rerun of the same key gives the same interval. Not for anything secret.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** Resamples to draw (each of `blockCount` blocks, with replacement). */
  resamples: number;
  /** Two-sided coverage of the percentile interval, e.g. 0.9 → the 5th and 95th percentiles. */
  confidence: number;
  /** Seed key: the same key gives the same draws. */
  key: string;
  /**
   * Optional early stop: after each count of resamples in `after` (ascending), `settled` sees each
   * statistic's resampled values so far; when it says the answer cannot change, the bootstrap ends
   * and returns null. The resamples before a stop are the same draws a full run makes, so a run
   * that goes on is unchanged.
   */
  earlyStop?: { after: readonly number[]; settled: (draws: Float64Array[]) => boolean };
}

/**
 * Percentile intervals of `statistics` statistics under a block bootstrap: each resample picks
 * `blockCount` block indices uniformly with replacement (seeded by `key`), `compute(picks, out)`
 * writes the statistics of that resample into `out`; the interval of statistic k is the
 * ((1 − confidence)/2, (1 + confidence)/2) quantiles (numpy `linear`) of its resampled values.
 * Resampling whole blocks (days, say) keeps the dependence inside a block, which a per-sample
 * bootstrap would break (Künsch 1989, _Ann. Stat._ 17:1217). NaN resamples are left out;
 * all-NaN → [NaN, NaN]. `picks` and `out` are reused across resamples: copy what you keep.
 */
export function blockBootstrapIntervals(
  blockCount: number,
  statistics: number,
  compute: (picks: Uint32Array, out: Float64Array) => void,
  opts: BootstrapOptions,
): Array<[number, number]> | null {
  if (!(blockCount >= 1) || !Number.isInteger(blockCount)) throw new RangeError(`blockCount must be a positive integer, got ${blockCount}`);
  if (!(opts.confidence > 0 && opts.confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${opts.confidence}`);
  if (!(opts.resamples >= 1) || !Number.isInteger(opts.resamples)) throw new RangeError(`resamples must be a positive integer, got ${opts.resamples}`);
  // Statistic-major, so each statistic's resamples sort in place as one contiguous run.
  const draws = new Float64Array(statistics * opts.resamples);
  const counts = new Uint32Array(statistics);
  if (!resample(blockCount, statistics, compute, opts, draws, counts)) return null;
  const lo = (1 - opts.confidence) / 2;
  const result: Array<[number, number]> = [];
  for (let k = 0; k < statistics; k++) {
    const sorted = sortNumbers(draws.subarray(k * opts.resamples, k * opts.resamples + counts[k]));
    result.push(counts[k] ? [quantile(sorted, lo), quantile(sorted, 1 - lo)] : [NaN, NaN]);
  }
  return result;
}

/**
 * The resamples of `blockBootstrapIntervals` into `draws` (statistic-major, `counts[k]` of
 * statistic k); false when the early stop settled. A function of its own so that V8 optimises
 * this loop alone: with the intervals after it in one function, the loop ran as
 * on-stack-replacement code that was thrown away at its exit for many of a fleet's signals.
 */
function resample(
  blockCount: number,
  statistics: number,
  compute: (picks: Uint32Array, out: Float64Array) => void,
  opts: BootstrapOptions,
  draws: Float64Array,
  counts: Uint32Array,
): boolean {
  const rand = mulberry32(fnv1a32(opts.key));
  const picks = new Uint32Array(blockCount);
  const out = new Float64Array(statistics);
  const stop = opts.earlyStop;
  let look = 0;
  for (let r = 0; r < opts.resamples; r++) {
    for (let b = 0; b < blockCount; b++) picks[b] = Math.floor(rand() * blockCount);
    out.fill(NaN);
    compute(picks, out);
    for (let k = 0; k < statistics; k++) {
      const v = out[k];
      if (v === v) draws[k * opts.resamples + counts[k]++] = v;
    }
    if (stop && r + 1 === stop.after[look]) {
      look++;
      if (stop.settled(Array.from({ length: statistics }, (_, k) => draws.slice(k * opts.resamples, k * opts.resamples + counts[k])))) return false;
    }
  }
  return true;
}

/**
 * Percentile interval of one statistic of data that comes in blocks: each resample concatenates
 * `blocks.length` blocks drawn with replacement and applies `statistic` to them (a view into a
 * reused buffer). See `blockBootstrapIntervals` for the method; with blocks of one value each it
 * is the ordinary (per-sample) bootstrap.
 */
export function blockBootstrapInterval(
  blocks: readonly Numbers[],
  statistic: (values: Float64Array) => number,
  opts: Omit<BootstrapOptions, 'earlyStop'>,
): [number, number] {
  let longest = 0;
  for (const b of blocks) longest = Math.max(longest, b.length);
  const buffer = new Float64Array(longest * blocks.length);
  const [interval] = blockBootstrapIntervals(
    blocks.length,
    1,
    (picks, out) => {
      let n = 0;
      for (let i = 0; i < picks.length; i++) {
        const b = blocks[picks[i]];
        for (let j = 0; j < b.length; j++) buffer[n++] = b[j];
      }
      out[0] = statistic(buffer.subarray(0, n));
    },
    opts,
  )!;
  return interval;
}
