import { buildFeatureWindows } from './feature-windows.util';
import { SeriesBySignal } from './feature-grid.util';

const HOUR_MS = 3_600_000;
const MAD_TO_SIGMA = 1.4826;

export interface SignalLevel {
  signal: string;
  /** Robust healthy level: the 10 %-trimmed mean of hourly means. */
  mean: number;
  /** Robust healthy spread: sqrt(median hourly σ² + (1.4826 · MAD of hourly means)²). */
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
    const s = series instanceof Map ? series.get(signal) : (series as Record<string, { intervalMs: number } | undefined>)[signal];
    if (!s) return { signal, mean: NaN, std: NaN, hours: 0 };
    const stepMs = Math.max(HOUR_MS, s.intervalMs);
    const w = buildFeatureWindows({ signals: [signal], windowMs: stepMs, stepMs, aggregations: ['mean', 'std'], minCoverage: 0.5 }, { [signal]: series instanceof Map ? series.get(signal)! : (series as Record<string, never>)[signal] });
    const means: number[] = [];
    const stds: number[] = [];
    for (let r = 0; r < w.rows; r++) {
      const end = w.windowEndMs[r];
      const start = end - stepMs;
      if (excluded.some(([a, b]) => end > a && start < b)) continue;
      means.push(w.features[r * 2]);
      stds.push(w.features[r * 2 + 1]);
    }
    if (means.length === 0) return { signal, mean: NaN, std: NaN, hours: 0 };
    const sortedMeans = Float64Array.from(means).sort();
    const level = trimmedMean(sortedMeans);
    const centre = medianOf(sortedMeans);
    const deviations = Float64Array.from(means, (m) => Math.abs(m - centre)).sort();
    const between = MAD_TO_SIGMA * medianOf(deviations);
    const within = medianOf(Float64Array.from(stds).sort());
    return { signal, mean: level, std: Math.sqrt(within * within + between * between), hours: (means.length * stepMs) / HOUR_MS };
  });
}
