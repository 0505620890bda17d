/** Settling time after a failure or a maintenance before data count as healthy again (restart transients). */
export const AFTER_EVENT_MS = 12 * 3_600_000;

export interface TimedEvent {
  ts: number;
  kind: 'failure' | 'maintenance';
}

/**
 * Time ranges that are not healthy: the horizon before each failure (the run-up a model is
 * meant to catch) and the settling time after failures and maintenance. The pilot's
 * reference profile and every machine's evaluation leave out the same ranges.
 */
export function unhealthyRanges(events: readonly TimedEvent[], horizonMs: number, afterEventMs = AFTER_EVENT_MS): Array<[number, number]> {
  return events.map((e) => [e.kind === 'failure' ? e.ts - horizonMs : e.ts, e.ts + afterEventMs]);
}
