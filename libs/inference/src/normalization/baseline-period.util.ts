import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { AFTER_EVENT_MS, TimedEvent } from '../features/healthy-windows.util';

export interface BaselinePeriodInput {
  /** The machine's data: [dataFromMs, dataToMs). */
  dataFromMs: number;
  dataToMs: number;
  /** Failures and maintenances (the telemetry store's `labelEvents()`). */
  events: readonly TimedEvent[];
  /** The manifest's failure horizon (`healthyHorizonMs`). */
  horizonMs: number;
  /** N, the baseline's length in days (the manifest's). */
  days: number;
  /** A period given for this machine instead of the first free N days; checked the same way. */
  explicit?: { fromMs: number; toMs: number };
}

export type BaselinePeriodCode = 'no-free-stretch' | 'event-inside' | 'outside-data';

export type BaselinePeriod = { ok: true; fromMs: number; toMs: number } | { ok: false; code: BaselinePeriodCode; reason: string };

/**
 * Time ranges [from, to) a baseline must not touch. Per event: nothing inside the period, none
 * within the horizon before it (a repaired machine settles longer than the 12 h that healthy
 * windows skip, and a baseline taken then would be the settling) and no failure within the
 * horizon after it (that is the failure's run-up, the very thing a model must flag). So a
 * failure blocks [ts − horizon, ts + horizon) and a maintenance [ts, ts + horizon) — never less
 * than the healthy windows' `AFTER_EVENT_MS`.
 */
export function baselineBlockedRanges(events: readonly TimedEvent[], horizonMs: number): Array<[number, number]> {
  const after = Math.max(horizonMs, AFTER_EVENT_MS);
  return events.map((e) => [e.kind === 'failure' ? e.ts - horizonMs : e.ts, e.ts + after] as [number, number]).sort((a, b) => a[0] - b[0]);
}

/** The first event whose blocked range overlaps [fromMs, toMs), if any. */
export function blockingEvent(fromMs: number, toMs: number, events: readonly TimedEvent[], horizonMs: number): TimedEvent | undefined {
  const after = Math.max(horizonMs, AFTER_EVENT_MS);
  return [...events]
    .sort((a, b) => a.ts - b.ts)
    .find((e) => {
      const from = e.kind === 'failure' ? e.ts - horizonMs : e.ts;
      return toMs > from && fromMs < e.ts + after;
    });
}

/** Whole clock hours, so the period's first hour is a whole hourly block of an hour-aligned series. */
function ceilHour(ms: number): number {
  return Math.ceil(ms / HOUR_MS) * HOUR_MS;
}

function describe(e: TimedEvent): string {
  return `${e.kind} at ${new Date(e.ts).toISOString()}`;
}

/**
 * The machine's baseline period: the explicit one when given (refused if an event or a failure's
 * run-up touches it, or it lies outside the data), otherwise the first `days`-day stretch of the
 * data, starting on a whole hour, that no event blocks (`baselineBlockedRanges`).
 */
export function baselinePeriod(input: BaselinePeriodInput): BaselinePeriod {
  const { dataFromMs, dataToMs, events, horizonMs, days, explicit } = input;
  if (!(days > 0) || !(horizonMs >= 0) || !(dataToMs >= dataFromMs)) {
    throw new RangeError(`baselinePeriod: need days > 0, horizonMs ≥ 0 and dataToMs ≥ dataFromMs (got ${days}, ${horizonMs}, [${dataFromMs}, ${dataToMs}))`);
  }
  if (explicit) {
    const { fromMs, toMs } = explicit;
    if (!(toMs > fromMs) || fromMs < dataFromMs || toMs > dataToMs) {
      return {
        ok: false,
        code: 'outside-data',
        reason: `explicit baseline [${iso(fromMs)}, ${iso(toMs)}) is empty or outside the data [${iso(dataFromMs)}, ${iso(dataToMs)})`,
      };
    }
    const e = blockingEvent(fromMs, toMs, events, horizonMs);
    if (e) return { ok: false, code: 'event-inside', reason: `explicit baseline [${iso(fromMs)}, ${iso(toMs)}) is within the horizon of the ${describe(e)}` };
    return { ok: true, fromMs, toMs };
  }
  const length = days * DAY_MS;
  const blocked = baselineBlockedRanges(events, horizonMs);
  let from = ceilHour(dataFromMs);
  // Each blocked range that overlaps the candidate pushes its start past the range; starts only grow.
  for (;;) {
    const to = from + length;
    if (to > dataToMs) {
      return {
        ok: false,
        code: 'no-free-stretch',
        reason: `no ${days}-day stretch of the data free of failures, maintenances and the ${horizonMs / HOUR_MS} h around them`,
      };
    }
    const overlapping = blocked.filter(([a, b]) => to > a && from < b);
    if (overlapping.length === 0) return { ok: true, fromMs: from, toMs: to };
    from = ceilHour(Math.max(...overlapping.map(([, b]) => b)));
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
