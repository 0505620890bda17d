import { DAY_MS, HOUR_MS } from '@fleetgate/common';

/**
 * What a healthy window is — the one definition the reference profile, the trainer, the
 * evaluation and scoring share, so that the pilot's figures and every machine's are
 * measured on the same kind of window before they are compared.
 *
 * Not healthy: the horizon before a labelled failure (the run-up a model is meant to
 * catch, not its domain) and the settling time after a failure or a maintenance (restart
 * transients). Everything else is healthy.
 */

/** Horizon before a failure for models whose manifest names none (anomaly-score models). */
export const DEFAULT_HEALTHY_HORIZON_MS = 3 * DAY_MS;
/** Settling time after a failure or a maintenance before data count as healthy again. */
export const AFTER_EVENT_MS = 12 * HOUR_MS;

export interface TimedEvent {
  ts: number;
  kind: 'failure' | 'maintenance';
}

/** The manifest's failure horizon, or the default for models that have none. */
export function healthyHorizonMs(manifestHorizonMs: number | null | undefined): number {
  return manifestHorizonMs ?? DEFAULT_HEALTHY_HORIZON_MS;
}

/** Time ranges [from, to) that are not healthy. */
export function unhealthyRanges(events: readonly TimedEvent[], horizonMs: number, afterEventMs = AFTER_EVENT_MS): Array<[number, number]> {
  return events.map((e) => [e.kind === 'failure' ? e.ts - horizonMs : e.ts, e.ts + afterEventMs]);
}

/**
 * 1 for a healthy window, 0 for one that overlaps an unhealthy range. Windows are
 * [end − windowMs, end).
 */
export function healthyWindowMask(
  windowEndMs: ArrayLike<number>,
  windowMs: number,
  events: readonly TimedEvent[],
  horizonMs: number,
  afterEventMs = AFTER_EVENT_MS,
): Uint8Array {
  const ranges = unhealthyRanges(events, horizonMs, afterEventMs);
  const mask = new Uint8Array(windowEndMs.length).fill(1);
  for (const [from, to] of ranges) {
    for (let w = 0; w < windowEndMs.length; w++) {
      const end = windowEndMs[w];
      if (end > from && end - windowMs < to) mask[w] = 0;
    }
  }
  return mask;
}
