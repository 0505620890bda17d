import { HOUR_MS, Series } from '@fleetgate/common';
import { SeriesBySignal } from './feature-grid.util';

const MAD_TO_SIGMA = 1.4826;
/**
 * For a standard normal the mean absolute deviation from the median over the middle 80 % (the
 * 10th to 90th percentile, ±1.2816) is 2(φ(0) − φ(1.2816)) / 0.8 = 0.5586, so 1.79 × it estimates σ.
 */
const TRIMMED_MEAN_AD_TO_SIGMA = 1.79;

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

/**
 * Healthy level and spread of each signal, from hourly partial sums, leaving out the
 * `excluded` time ranges (before failures, after repairs). Within-hour noise and the
 * between-hour movement (daily cycle, load) are combined; medians make the estimate
 * indifferent to a few spike or stuck hours, so sensor faults do not pass for a
 * different machine. The pilot's reference profile and every machine's evaluation use
 * this same function, so their levels are comparable.
 */
export function signalLevels(signals: readonly string[], series: SeriesBySignal, excluded: ReadonlyArray<readonly [number, number]> = []): SignalLevel[] {
  return signals.map((signal) => {
    const s = series instanceof Map ? series.get(signal) : (series as Record<string, Series | undefined>)[signal];
    if (!s) return { signal, mean: NaN, std: NaN, hours: 0 };
    const stepMs = Math.max(HOUR_MS, s.intervalMs);
    const block = Math.max(1, Math.round(stepMs / s.intervalMs));
    const blocks = Math.floor(s.values.length / block);
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
      means[kept] = shift + m;
      stds[kept] = Math.sqrt(Math.max(0, sum2 / n - m * m));
      kept++;
    }
    if (kept === 0) return { signal, mean: NaN, std: NaN, hours: 0 };
    const sortedMeans = means.subarray(0, kept).slice().sort();
    const level = trimmedMean(sortedMeans);
    const centre = medianOf(sortedMeans);
    const deviations = Float64Array.from(sortedMeans, (m) => Math.abs(m - centre)).sort();
    // A quantised signal (C-MAPSS sensor 17 moves in whole units, mostly at one) can have MAD 0
    // while it clearly moves: fall back to the trimmed mean absolute deviation, which is 0 only
    // when at least 80 % of the hours sit at one value (then the signal is as good as flat).
    const between = MAD_TO_SIGMA * medianOf(deviations) || TRIMMED_MEAN_AD_TO_SIGMA * trimmedAbsDeviation(sortedMeans, centre);
    const within = medianOf(stds.subarray(0, kept).slice().sort());
    return { signal, mean: level, std: Math.sqrt(within * within + between * between), hours: (kept * stepMs) / HOUR_MS };
  });
}
