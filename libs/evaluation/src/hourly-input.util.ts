import { HOUR_MS } from '@fleetgate/common';
import { BlockStats, FeatureRecipe, FeatureWindows, HourlyBlocks, windowsFromBlocks } from '@fleetgate/inference';
import { HourlySeries, longestMissingRun } from '@fleetgate/telemetry';
import type { SignalQuality } from './assess-machine.util';

/**
 * The evaluation from hourly rollups instead of samples. Each function here is the hourly twin of
 * a sample reader and gives the same numbers: the rollup's sums are the feature kernel's 1-hour
 * block sums and the robust levels' hourly sums (same reference, same order of additions), its
 * counts and edge slots the quality figures. Unit tests compare every twin with its original.
 */

/**
 * Why this evaluation cannot read rollups (null: it can). Normalised models prepare every sample
 * against a baseline or regime first; windows, steps or a period that are not whole hours, and a
 * grid that does not divide the hour or start on it, do not fall on the rollups' hours.
 */
export function hourlyRefusal(
  recipe: Pick<FeatureRecipe, 'windowMs' | 'stepMs'>,
  normalization: string,
  fromMs: number,
  toMs: number,
  series: ReadonlyArray<{ signal: string; intervalMs: number; firstMs: number }>,
): string | null {
  if (normalization !== 'none') return `normalization ${normalization} prepares each sample`;
  if (recipe.windowMs % HOUR_MS !== 0 || recipe.stepMs % HOUR_MS !== 0) return 'window or step is not whole hours';
  if (fromMs % HOUR_MS !== 0 || toMs % HOUR_MS !== 0) return 'the period does not start and end on whole hours';
  for (const s of series) {
    if (HOUR_MS % s.intervalMs !== 0) return `${s.signal}: a ${s.intervalMs} ms interval does not divide the hour`;
    if (((s.firstMs % s.intervalMs) + s.intervalMs) % s.intervalMs !== 0) return `${s.signal}: its grid does not start on the hour`;
    if (s.intervalMs !== series[0].intervalMs) return 'signals on different intervals';
  }
  return null;
}

/** Samples per hour of a series `hourlyRefusal` accepted. */
export function slotsPerHour(h: HourlySeries): number {
  return HOUR_MS / h.intervalMs;
}

export function hasHourlyData(h: HourlySeries | undefined): boolean {
  return !!h && h.stats.count.some((c) => c > 0);
}

/** The feature kernel's block sums (`computeBlockStats` with 1-hour blocks from the series' start). */
export function hourlyBlockStats(h: HourlySeries): BlockStats {
  const s = h.stats;
  return {
    blockSize: slotsPerHour(h),
    count: s.count,
    ref: Float64Array.from(s.ref),
    sum: s.sum,
    sumSq: s.sumSq,
    min: Float64Array.from(s.min),
    max: Float64Array.from(s.max),
    last: Float64Array.from(s.last),
    sumT: s.sumT,
    sumTT: s.sumTT,
    sumTX: s.sumTX,
  };
}

/** `buildFeatureWindows` from the rollups: the kernel's 1-hour blocks, read instead of computed. */
export function hourlyWindows(recipe: FeatureRecipe, hourly: Readonly<Record<string, HourlySeries>>): FeatureWindows {
  const first = hourly[recipe.signals[0]];
  const grid = { startMs: first.startMs, intervalMs: first.intervalMs, length: first.stats.count.length * slotsPerHour(first) };
  return windowsFromBlocks(
    recipe,
    grid,
    recipe.signals.map((s) => hourlyBlockStats(hourly[s])),
  );
}

/** `hourlyBlocks` (inference) from the rollups: the hours outside `excluded` with at least half their samples. */
export function hourlyLevelBlocks(h: HourlySeries, excluded: ReadonlyArray<readonly [number, number]> = []): HourlyBlocks {
  const s = h.stats;
  const block = slotsPerHour(h);
  const n = s.count.length;
  const out: HourlyBlocks = { stepMs: HOUR_MS, count: 0, startMs: new Float64Array(n), means: new Float64Array(n), stds: new Float64Array(n) };
  for (let b = 0; b < n; b++) {
    const c = s.count[b];
    if (c === 0 || c < 0.5 * block) continue;
    const start = h.startMs + b * HOUR_MS;
    if (overlaps(excluded, start, start + HOUR_MS)) continue;
    const m = s.sum[b] / c;
    out.startMs[out.count] = start;
    out.means[out.count] = s.ref[b] + m;
    out.stds[out.count] = Math.sqrt(Math.max(0, s.sumSq[b] / c - m * m));
    out.count++;
  }
  return out;
}

/** Whether [start, end) meets any of the ranges (a loop, not `some` with a callback: this runs for every hour of every signal). */
function overlaps(ranges: ReadonlyArray<readonly [number, number]>, start: number, end: number): boolean {
  for (let i = 0; i < ranges.length; i++) if (end > ranges[i][0] && start < ranges[i][1]) return true;
  return false;
}

/** `dataSpan` from the rollups: first to last present sample over all signals, within the period. */
export function hourlyDataSpan(series: ReadonlyArray<HourlySeries | undefined>, fromMs: number, toMs: number): { fromMs: number; toMs: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const h of series) {
    if (!h) continue;
    const c = h.stats.count;
    let i = 0;
    while (i < c.length && c[i] === 0) i++;
    let j = c.length - 1;
    while (j >= i && c[j] === 0) j--;
    if (i > j) continue;
    first = Math.min(first, h.startMs + i * HOUR_MS + h.stats.firstSlot[i] * h.intervalMs);
    last = Math.max(last, h.startMs + j * HOUR_MS + (h.stats.lastSlot[j] + 1) * h.intervalMs);
  }
  return Number.isFinite(first) ? { fromMs: Math.max(fromMs, first), toMs: Math.min(toMs, last) } : { fromMs, toMs };
}

/** `seriesQuality` from the rollups: gap share over [fromMs, toMs) and the longest gap, carried across hours. */
export function hourlySeriesQuality(signal: string, h: HourlySeries | undefined, fromMs: number, toMs: number): SignalQuality {
  if (!h) return { signal, present: false, gapFraction: 1, longestGapHours: (toMs - fromMs) / HOUR_MS };
  const expected = Math.max(1, Math.round((toMs - fromMs) / h.intervalMs));
  let present = 0;
  for (let i = 0; i < h.stats.count.length; i++) present += h.stats.count[i];
  const outside = Math.max(0, expected - h.stats.count.length * slotsPerHour(h));
  return {
    signal,
    present: true,
    gapFraction: Math.min(1, (expected - present) / expected),
    longestGapHours: (Math.max(longestMissingRun(h.stats), outside) * h.intervalMs) / HOUR_MS,
  };
}
