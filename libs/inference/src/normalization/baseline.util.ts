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

export type BaselineReasonCode = 'event-inside' | 'too-few-hours' | 'too-few-days' | 'trend';

export interface BaselineReason {
  code: BaselineReasonCode;
  signal?: string;
  message: string;
}

/** The trend figures of one signal, reported whether or not they fail. */
export interface BaselineTrend {
  signal: string;
  /** Days with ≥ `minDayHours` usable hours. */
  days: number;
  /** Theil–Sen slope of the daily levels × the period's days / the (floored) spread. */
  drift: number;
  /** Mann–Kendall Z of the daily levels. */
  z: number;
}

export interface BaselineValidity {
  valid: boolean;
  reasons: BaselineReason[];
  trends: BaselineTrend[];
}

/** Mean of each day's hourly means, for days with enough usable hours; day index counted from the period's start. */
export function dailyLevels(
  series: SeriesBySignal,
  signal: string,
  period: { fromMs: number; toMs: number },
  minDayHours: number,
): { day: number[]; level: number[] } {
  const s = seriesOf(series, signal);
  const out = { day: [] as number[], level: [] as number[] };
  if (!s) return out;
  const h = hourlyBlocks(s, outsidePeriod(period));
  const sums = new Map<number, { sum: number; n: number }>();
  for (let i = 0; i < h.count; i++) {
    const d = Math.floor((h.startMs[i] - period.fromMs) / DAY_MS);
    const acc = sums.get(d) ?? { sum: 0, n: 0 };
    acc.sum += h.means[i];
    acc.n++;
    sums.set(d, acc);
  }
  for (const [d, { sum, n }] of [...sums].sort((a, b) => a[0] - b[0])) {
    if ((n * h.stepMs) / HOUR_MS < minDayHours) continue;
    out.day.push(d);
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
  const periodDays = (period.toMs - period.fromMs) / DAY_MS;
  const needHours = Math.max(t.minHours, t.minUsableFraction * periodHours);
  for (const b of baseline.signals) {
    if (!(b.hours >= needHours)) {
      reasons.push({ code: 'too-few-hours', signal: b.signal, message: `${b.signal}: ${b.hours} usable hours in the baseline, need ${needHours}` });
      continue;
    }
    const { day, level } = dailyLevels(series, b.signal, period, t.minDayHours);
    if (day.length < t.minTrendDays) {
      reasons.push({
        code: 'too-few-days',
        signal: b.signal,
        message: `${b.signal}: ${day.length} days with ≥ ${t.minDayHours} usable hours, the trend test needs ${t.minTrendDays}`,
      });
      continue;
    }
    const drift = (theilSenSlope(day, level) * periodDays) / flooredSpread(b.level, b.spread);
    const z = mannKendallZ(level);
    trends.push({ signal: b.signal, days: day.length, drift, z });
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
