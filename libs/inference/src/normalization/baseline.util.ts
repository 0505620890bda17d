import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { SeriesBySignal } from '../features/feature-grid.util';
import { TimedEvent } from '../features/healthy-windows.util';
import { hourlyBlocks, seriesOf, signalLevels } from '../features/signal-levels.util';
import { blockingEvent } from './baseline-period.util';
import { NORMALIZATION_THRESHOLDS } from './normalization-thresholds';
import { flooredSpread } from './normalize.util';
import { mannKendallZ, theilSenSlope } from './trend.util';

/** One signal's healthy baseline: `signalLevels()`'s level and spread over the baseline period only. */
export interface SignalBaseline {
  signal: string;
  level: number;
  spread: number;
  /** Usable hours the estimate rests on. */
  hours: number;
}

export interface Baseline {
  fromMs: number;
  toMs: number;
  signals: SignalBaseline[];
}

/** Everything outside [fromMs, toMs), as excluded ranges for `hourlyBlocks`: an hour is kept only when it lies wholly inside. */
export function outsidePeriod(period: { fromMs: number; toMs: number }): Array<[number, number]> {
  return [
    [-Infinity, period.fromMs],
    [period.toMs, Infinity],
  ];
}

/**
 * Each signal's level and spread over the baseline period, by the estimator the evaluation
 * uses for the pilot and every machine (`signalLevels`: trimmed mean of hourly means; within-
 * and between-hour spread combined), so a normalised machine and the pilot's profile rest on
 * the same statistic.
 */
export function estimateBaseline(signals: readonly string[], series: SeriesBySignal, period: { fromMs: number; toMs: number }): Baseline {
  const levels = signalLevels(signals, series, outsidePeriod(period));
  return { fromMs: period.fromMs, toMs: period.toMs, signals: levels.map((l) => ({ signal: l.signal, level: l.mean, spread: l.std, hours: l.hours })) };
}

export type BaselineReasonCode = 'event-inside' | 'too-few-hours' | 'too-few-segments' | 'trend';

export interface BaselineReason {
  code: BaselineReasonCode;
  signal?: string;
  message: string;
}

/** The trend figures of one signal, reported whether or not they fail. */
export interface BaselineTrend {
  signal: string;
  /** Segments (days, or shorter for a short baseline) with enough usable hours. */
  segments: number;
  /** Theil–Sen slope of the segment levels × the number of segments / the (floored) spread. */
  drift: number;
  /** Mann–Kendall Z of the segment levels. */
  z: number;
}

export interface BaselineValidity {
  valid: boolean;
  reasons: BaselineReason[];
  trends: BaselineTrend[];
}

/** The trend test's segment length: a day when the period holds `minTrendSegments` days, else the period / `shortSegments` in whole hours. */
export function trendSegmentMs(period: { fromMs: number; toMs: number }, t: { minTrendSegments: number; shortSegments: number }): number {
  const length = period.toMs - period.fromMs;
  if (length >= t.minTrendSegments * DAY_MS) return DAY_MS;
  return Math.max(HOUR_MS, Math.floor(length / t.shortSegments / HOUR_MS) * HOUR_MS);
}

/** Mean of each segment's hourly means, for segments with enough usable hours; segment index counted from the period's start. */
export function segmentLevels(
  series: SeriesBySignal,
  signal: string,
  period: { fromMs: number; toMs: number },
  segmentMs: number,
  minSegmentShare: number,
): { segment: number[]; level: number[] } {
  const s = seriesOf(series, signal);
  const out = { segment: [] as number[], level: [] as number[] };
  if (!s) return out;
  const h = hourlyBlocks(s, outsidePeriod(period));
  const sums = new Map<number, { sum: number; n: number }>();
  for (let i = 0; i < h.count; i++) {
    const d = Math.floor((h.startMs[i] - period.fromMs) / segmentMs);
    const acc = sums.get(d) ?? { sum: 0, n: 0 };
    acc.sum += h.means[i];
    acc.n++;
    sums.set(d, acc);
  }
  for (const [d, { sum, n }] of [...sums].sort((a, b) => a[0] - b[0])) {
    if (n * h.stepMs < minSegmentShare * segmentMs) continue;
    out.segment.push(d);
    out.level.push(sum / n);
  }
  return out;
}

/**
 * Is this baseline fit to normalise by? Not when an event (or a failure's run-up) touches the
 * period, when a signal has too few usable hours, or when a signal trends across it: a machine
 * already degrading during its baseline would have that degradation normalised away.
 * Thresholds and their reasons: `NORMALIZATION_THRESHOLDS.baseline`.
 */
export function baselineValidity(
  baseline: Baseline,
  series: SeriesBySignal,
  events: readonly TimedEvent[],
  horizonMs: number,
  t = NORMALIZATION_THRESHOLDS.baseline,
): BaselineValidity {
  const reasons: BaselineReason[] = [];
  const trends: BaselineTrend[] = [];
  const period = { fromMs: baseline.fromMs, toMs: baseline.toMs };
  const e = blockingEvent(period.fromMs, period.toMs, events, horizonMs);
  if (e) reasons.push({ code: 'event-inside', message: `${e.kind} at ${new Date(e.ts).toISOString()} is inside the baseline or within its horizon` });
  const periodHours = (period.toMs - period.fromMs) / HOUR_MS;
  const segmentMs = trendSegmentMs(period, t);
  const segmentsInPeriod = Math.floor((period.toMs - period.fromMs) / segmentMs);
  const needHours = Math.max(t.minHours, t.minUsableFraction * periodHours);
  for (const b of baseline.signals) {
    if (!(b.hours >= needHours)) {
      reasons.push({ code: 'too-few-hours', signal: b.signal, message: `${b.signal}: ${b.hours} usable hours in the baseline, need ${needHours}` });
      continue;
    }
    const { segment, level } = segmentLevels(series, b.signal, period, segmentMs, t.minSegmentShare);
    if (segment.length < t.minTrendSegments) {
      reasons.push({
        code: 'too-few-segments',
        signal: b.signal,
        message: `${b.signal}: ${segment.length} segments of ${segmentMs / HOUR_MS} h with ≥ ${t.minSegmentShare * 100} % usable hours, the trend test needs ${t.minTrendSegments}`,
      });
      continue;
    }
    const drift = (theilSenSlope(segment, level) * segmentsInPeriod) / flooredSpread(b.level, b.spread);
    const z = mannKendallZ(level);
    trends.push({ signal: b.signal, segments: segment.length, drift, z });
    if (Math.abs(drift) > t.maxDrift && Math.abs(z) > t.trendZ) {
      reasons.push({
        code: 'trend',
        signal: b.signal,
        message: `${b.signal}: drifts ${drift.toFixed(2)} spreads across the baseline (Mann–Kendall Z ${z.toFixed(2)}); limits ${t.maxDrift} and ${t.trendZ}`,
      });
    }
  }
  return { valid: reasons.length === 0, reasons, trends };
}
