import { HOUR_MS, Series } from '@fleetgate/common';
import { sortedOrder, sortNumbers } from '@fleetgate/stats';
import { SeriesBySignal } from './feature-grid.util';

const MAD_TO_SIGMA = 1.4826;
/**
 * For a standard normal the mean absolute deviation from the median over the middle 80 % (the
 * 10th to 90th percentile, ±1.2816) is 2(φ(0) − φ(1.2816)) / 0.8 = 0.5586, so 1.79 × it estimates σ.
 */
const TRIMMED_MEAN_AD_TO_SIGMA = 1.79;

/** The estimator's constants, for its WebAssembly twin (drawn-level.util), which takes them from here. */
export const LEVEL_CONSTANTS = { trim: 0.1, madToSigma: MAD_TO_SIGMA, meanAdToSigma: TRIMMED_MEAN_AD_TO_SIGMA } as const;

export interface SignalLevel {
  signal: string;
  /** Robust healthy level: the 10 %-trimmed mean of hourly means. */
  mean: number;
  /**
   * Robust healthy spread: sqrt(median hourly σ² + between²), between = 1.4826 · MAD of hourly
   * means — or, when that MAD is 0 (more than half the hours at one value: a quantised signal),
   * 1.79 · the mean absolute deviation of the middle 80 % of hourly means from their median.
   */
  std: number;
  /** Hours the estimate rests on. */
  hours: number;
}

/** Mean of the middle 80 %: nearly as efficient as the mean on slow, smooth movement, indifferent to a few odd hours. */
function trimmedMean(sorted: Float64Array, trim = 0.1): number {
  const cut = Math.floor(sorted.length * trim);
  let sum = 0;
  for (let i = cut; i < sorted.length - cut; i++) sum += sorted[i];
  return sum / (sorted.length - 2 * cut);
}

/** Mean |x − centre| over the middle 80 % of an ascending array. */
function trimmedAbsDeviation(sorted: Float64Array, centre: number, trim = 0.1): number {
  const cut = Math.floor(sorted.length * trim);
  let sum = 0;
  for (let i = cut; i < sorted.length - cut; i++) sum += Math.abs(sorted[i] - centre);
  return sum / (sorted.length - 2 * cut);
}

function medianOf(sorted: Float64Array): number {
  const n = sorted.length;
  const m = n >> 1;
  return n % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** The kept hours of one signal, in time order: hour start, hourly mean and within-hour σ. */
export interface HourlyBlocks {
  /** Length of one block: an hour, or the sampling interval when that is longer. */
  stepMs: number;
  /** Kept hours; the arrays below hold at least this many values. */
  count: number;
  startMs: Float64Array;
  means: Float64Array;
  stds: Float64Array;
  /** `sortedOrder` of the first `count` means and σs, when `levelsOfBlocks` has sorted them (resampling reuses it). */
  order?: { means: Uint32Array; stds: Uint32Array };
}

/** Reusable buffers for `levelOf` (each at least as long as the hours passed), so a resampling loop allocates nothing. */
export interface LevelScratch {
  sorted: Float64Array;
  deviations: Float64Array;
  stds: Float64Array;
}

export function levelScratch(length: number): LevelScratch {
  return { sorted: new Float64Array(length), deviations: new Float64Array(length), stds: new Float64Array(length) };
}

/**
 * Hourly partial sums of one signal, leaving out the `excluded` time ranges (before failures,
 * after repairs) and hours with less than half their samples. The first step of
 * `signalLevels()`; `levelOf()` is the second.
 */
export function hourlyBlocks(s: Series, excluded: ReadonlyArray<readonly [number, number]> = []): HourlyBlocks {
  const stepMs = Math.max(HOUR_MS, s.intervalMs);
  const block = Math.max(1, Math.round(stepMs / s.intervalMs));
  const blocks = Math.floor(s.values.length / block);
  const startMs = new Float64Array(blocks);
  const means = new Float64Array(blocks);
  const stds = new Float64Array(blocks);
  let kept = 0;
  // One pass of hourly partial sums (shifted by the block's first value so large levels do not cancel).
  for (let b = 0; b < blocks; b++) {
    const start = s.startMs + b * block * s.intervalMs;
    const end = start + stepMs;
    if (excluded.some(([from, to]) => end > from && start < to)) continue;
    let n = 0;
    let shift = NaN;
    let sum = 0;
    let sum2 = 0;
    for (let i = b * block, last = i + block; i < last; i++) {
      const v = s.values[i];
      if (v !== v) continue;
      if (n === 0) shift = v;
      const d = v - shift;
      sum += d;
      sum2 += d * d;
      n++;
    }
    if (n === 0 || n < 0.5 * block) continue;
    const m = sum / n;
    startMs[kept] = start;
    means[kept] = shift + m;
    stds[kept] = Math.sqrt(Math.max(0, sum2 / n - m * m));
    kept++;
  }
  return { stepMs, count: kept, startMs, means, stds };
}

/**
 * Level and spread from `n` hourly means and within-hour σs (any order; the inputs are not
 * changed): the estimator `SignalLevel` describes. NaN for no hours. With `scratch` it allocates
 * nothing, so it can be recomputed on many resamples of whole days.
 */
export function levelOf(means: Float64Array, stds: Float64Array, n = means.length, scratch: LevelScratch = levelScratch(n)): { mean: number; std: number } {
  const sortedMeans = scratch.sorted.subarray(0, n);
  sortedMeans.set(means.subarray(0, n));
  sortNumbers(sortedMeans);
  const sortedStds = scratch.stds.subarray(0, n);
  sortedStds.set(stds.subarray(0, n));
  sortNumbers(sortedStds);
  return levelOfSorted(sortedMeans, sortedStds, scratch.deviations);
}

/**
 * `levelOf` for hourly means and σs already in ascending order (equal lengths), e.g. a resample
 * of whole days assembled in sorted order without sorting it again. `deviations` is scratch of at
 * least that length. The absolute deviations from the median come from merging the two sides of
 * the median (|m − c| = c − m exactly in floating point), which gives the same sorted values as
 * sorting them, so `levelOf` and `signalLevels` agree with it to the last bit.
 */
export function levelOfSorted(
  sortedMeans: Float64Array,
  sortedStds: Float64Array,
  deviations: Float64Array = new Float64Array(sortedMeans.length),
): { mean: number; std: number } {
  const n = sortedMeans.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const level = trimmedMean(sortedMeans);
  const centre = medianOf(sortedMeans);
  let right = 0;
  while (right < n && sortedMeans[right] < centre) right++;
  let left = right - 1;
  for (let k = 0; k < n; k++) {
    const below = left >= 0 ? centre - sortedMeans[left] : Infinity;
    const above = right < n ? sortedMeans[right] - centre : Infinity;
    if (below <= above) {
      deviations[k] = below;
      left--;
    } else {
      deviations[k] = above;
      right++;
    }
  }
  // A quantised signal (C-MAPSS sensor 17 moves in whole units, mostly at one) can have MAD 0
  // while it clearly moves: fall back to the trimmed mean absolute deviation, which is 0 only
  // when at least 80 % of the hours sit at one value (then the signal is as good as flat).
  const between = MAD_TO_SIGMA * medianOf(deviations.subarray(0, n)) || TRIMMED_MEAN_AD_TO_SIGMA * trimmedAbsDeviation(sortedMeans, centre);
  const within = medianOf(sortedStds);
  return { mean: level, std: Math.sqrt(within * within + between * between) };
}

/** Ascending values, each belonging to a group (a day, say) that a resample draws some number of times. */
export interface GroupedSorted {
  values: Float64Array;
  group: Uint32Array;
  /** sizes[g]: how many of the values belong to group g. */
  sizes: Uint32Array;
}

/**
 * The first `count` values in ascending order, each with its group: what a stable sort of the
 * indices by value gives (ties keep their index order, NaN last), by a radix sort of the values'
 * bits (`sortedOrder`) — no comparator calling back into JavaScript n log n times, no binary
 * search per value. This is the hot setup of every machine's borderline intervals. `order`, when
 * given, is `sortedOrder(values, count)` already computed (by `levelsOfBlocks`).
 */
export function groupedSorted(values: ArrayLike<number>, group: ArrayLike<number>, count = values.length, order = sortedOrder(values, count)): GroupedSorted {
  let groups = 0;
  for (let k = 0; k < count; k++) if (group[k] + 1 > groups) groups = group[k] + 1;
  const out = { values: new Float64Array(count), group: new Uint32Array(count), sizes: new Uint32Array(groups) };
  for (let k = 0; k < count; k++) {
    const i = order[k];
    out.values[k] = values[i];
    out.group[k] = group[i];
    out.sizes[group[i]]++;
  }
  return out;
}

/** Reusable buffers for `levelOfDrawn`, each at least as long as the hours. */
export interface DrawnScratch {
  /** cum[j]: how many drawn values sit at sorted positions ≤ j. */
  cum: Int32Array;
}

export function drawnScratch(length: number): DrawnScratch {
  return { cum: new Int32Array(length) };
}

/**
 * `levelOfSorted` of the multiset in which each value appears `drawn[group]` times — a resample
 * of whole groups — computed from the weights without building that multiset: the count n comes
 * from the group sizes, so one pass of cumulative counts and sums over the sorted means can take
 * the trimmed sum where the running count crosses the cuts; the medians follow by binary search,
 * the median absolute deviation by a weighted k-th smallest deviation, and the median σ by one
 * walk. The same estimator; only the rounding of a value counted k times (k·v instead of
 * v + … + v) and of the trimmed sum (a difference of running sums) differs, within a few ulps of
 * the sums. `means` and `stds` hold the same hours (each sorted by its own value).
 */
export function levelOfDrawn(
  means: GroupedSorted,
  stds: GroupedSorted,
  drawn: Uint32Array,
  scratch: DrawnScratch = drawnScratch(means.values.length),
  trim = LEVEL_CONSTANTS.trim,
): { mean: number; std: number } {
  const v = means.values;
  const g = means.group;
  const { cum } = scratch;
  const len = v.length;
  let n = 0;
  for (let d = 0; d < means.sizes.length; d++) n += drawn[d] * means.sizes[d];
  if (n === 0) return { mean: NaN, std: NaN };
  const cut = Math.floor(n * trim);
  // The sums of the first `cut` and first n − cut expanded values, taken where the running count
  // reaches them: running sum before the hour + the copies of it still needed.
  const low = cut;
  const high = n - cut;
  let lowSum = 0;
  let highSum = 0;
  let c = 0;
  let sum = 0;
  let j = 0;
  if (low > 0)
    for (; j < len; j++) {
      const w = drawn[g[j]];
      const before = c;
      c += w;
      cum[j] = c;
      if (c >= low) {
        lowSum = j > 0 ? sum + (low - before) * v[j] : low * v[j];
        sum += w * v[j];
        j++;
        break;
      }
      sum += w * v[j];
    }
  for (; j < len; j++) {
    const w = drawn[g[j]];
    const before = c;
    c += w;
    cum[j] = c;
    if (c >= high) {
      highSum = j > 0 ? sum + (high - before) * v[j] : high * v[j];
      j++;
      break;
    }
    sum += w * v[j];
  }
  for (; j < len; j++) {
    c += drawn[g[j]];
    cum[j] = c;
  }
  const level = (highSum - lowSum) / (n - 2 * cut);
  // Median positions (0-based) of n expanded values: (n − 1) >> 1 and n >> 1 (the same when n is odd).
  const m1 = (n - 1) >> 1;
  const m2 = n >> 1;
  const a = v[holding(cum, len, m1)];
  const centre = m1 === m2 ? a : (a + v[holding(cum, len, m2)]) / 2;
  // Median absolute deviation: the weighted k-th smallest |x − centre| by binary search (see kthDeviation).
  let right = 0;
  let top = len;
  while (right < top) {
    const mid = (right + top) >> 1;
    if (v[mid] < centre) right = mid + 1;
    else top = mid;
  }
  const da = kthDeviation(v, cum, len, right, centre, m1);
  const db = m1 === m2 ? da : kthDeviation(v, cum, len, right, centre, m2);
  let between = MAD_TO_SIGMA * (m1 === m2 ? da : (da + db) / 2);
  if (!between) {
    // The quantised fallback of `levelOfSorted`: mean |x − centre| over the middle 80 %.
    let dev = 0;
    for (let j = 0, p = 0; j < len; j++) {
      const w = drawn[g[j]];
      const lo = p > low ? p : low;
      const hi = p + w < high ? p + w : high;
      if (hi > lo) dev += (hi - lo) * Math.abs(v[j] - centre);
      p += w;
    }
    between = TRIMMED_MEAN_AD_TO_SIGMA * (dev / (n - 2 * cut));
  }
  const sv = stds.values;
  const sg = stds.group;
  let wa = NaN;
  let wb = NaN;
  for (let j = 0, p = 0; p <= m2; j++) {
    const next = p + drawn[sg[j]];
    if (next > m1 && p <= m1) wa = sv[j];
    if (next > m2) wb = sv[j];
    p = next;
  }
  const within = m1 === m2 ? wa : (wa + wb) / 2;
  return { mean: level, std: Math.sqrt(within * within + between * between) };
}

/**
 * The k-th smallest (0-based) absolute deviation from `centre` among the drawn values, where
 * v[0, right) lie below the centre and v[right, len) at or above it. count(d), the drawn values
 * within d of the centre, takes two binary searches over the cumulative counts (`countWithin`); the answer is
 * the smallest deviation of any hour with count > k — on each side a binary search, since the
 * deviations are monotone there. Deviations are formed as centre − v and v − centre, exactly the
 * values sorting |v − centre| would compare. O(log² hours) instead of a merge of half of them.
 */
function kthDeviation(v: Float64Array, cum: Int32Array, len: number, right: number, centre: number, k: number): number {
  // Above the centre: the first hour whose deviation already covers more than k values.
  let lo = right;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (countWithin(v, cum, len, right, centre, v[mid] - centre) > k) hi = mid;
    else lo = mid + 1;
  }
  const above = lo < len ? v[lo] - centre : Infinity;
  // Below it: the last such hour (deviations grow towards index 0).
  lo = 0;
  hi = right;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (countWithin(v, cum, len, right, centre, centre - v[mid - 1]) > k) lo = mid;
    else hi = mid - 1;
  }
  const below = lo > 0 ? centre - v[lo - 1] : Infinity;
  return above < below ? above : below;
}

/** count(d) of `kthDeviation`: the drawn values within d of the centre, by two binary searches over the cumulative counts. */
function countWithin(v: Float64Array, cum: Int32Array, len: number, right: number, centre: number, d: number): number {
  let lo = right;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v[mid] - centre <= d) lo = mid + 1;
    else hi = mid;
  }
  const upto = lo;
  lo = 0;
  hi = right;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (centre - v[mid] <= d) hi = mid;
    else lo = mid + 1;
  }
  return (upto > 0 ? cum[upto - 1] : 0) - (lo > 0 ? cum[lo - 1] : 0);
}

/** Index of the value at expanded position k: the first j < len with cum[j] > k. */
function holding(cum: Int32Array, len: number, k: number): number {
  let lo = 0;
  let hi = len - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Healthy level and spread of each signal, from hourly partial sums, leaving out the
 * `excluded` time ranges (before failures, after repairs). Within-hour noise and the
 * between-hour movement (daily cycle, load) are combined; medians make the estimate
 * indifferent to a few spike or stuck hours, so sensor faults do not pass for a
 * different machine. The pilot's reference profile and every machine's evaluation use
 * this same function, so their levels are comparable.
 */
export function signalLevels(signals: readonly string[], series: SeriesBySignal, excluded: ReadonlyArray<readonly [number, number]> = []): SignalLevel[] {
  return signalLevelsWithBlocks(signals, series, excluded).levels;
}

/**
 * `signalLevels` and the hourly blocks each level rests on (absent for a signal without data),
 * for callers that go on to resample those hours (the evaluation's borderline intervals) without
 * a second pass over the samples.
 */
export function signalLevelsWithBlocks(
  signals: readonly string[],
  series: SeriesBySignal,
  excluded: ReadonlyArray<readonly [number, number]> = [],
): { levels: SignalLevel[]; blocks: Map<string, HourlyBlocks> } {
  return levelsOfBlocks(signals, (signal) => {
    const s = seriesOf(series, signal);
    return s ? hourlyBlocks(s, excluded) : undefined;
  });
}

/** The same levels from hourly blocks however they were made (from samples, or from stored hourly rollups). */
export function levelsOfBlocks(
  signals: readonly string[],
  blocksOf: (signal: string) => HourlyBlocks | undefined,
): { levels: SignalLevel[]; blocks: Map<string, HourlyBlocks> } {
  const blocks = new Map<string, HourlyBlocks>();
  const levels = signals.map((signal) => {
    const h = blocksOf(signal);
    if (!h) return { signal, mean: NaN, std: NaN, hours: 0 };
    if (h.count === 0) {
      blocks.set(signal, h);
      return { signal, mean: NaN, std: NaN, hours: 0 };
    }
    // Sorted through their order, which the borderline intervals then reuse instead of sorting again.
    const order = { means: sortedOrder(h.means, h.count), stds: sortedOrder(h.stds, h.count) };
    blocks.set(signal, { ...h, order });
    const { mean, std } = levelOfSorted(gather(h.means, order.means), gather(h.stds, order.stds));
    return { signal, mean, std, hours: (h.count * h.stepMs) / HOUR_MS };
  });
  return { levels, blocks };
}

function gather(values: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = values[order[k]];
  return out;
}

/** One signal's series from a Map or a plain record. */
export function seriesOf(series: SeriesBySignal, signal: string): Series | undefined {
  return series instanceof Map ? series.get(signal) : (series as Record<string, Series | undefined>)[signal];
}
