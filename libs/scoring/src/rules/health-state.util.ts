import { HOUR_MS } from '@fleetgate/common';

/** A machine's health as the plant sees it. `not-covered` is never shown as healthy. */
export type HealthState = 'ok' | 'watch' | 'alarm' | 'no-data' | 'suspended' | 'not-covered';
/** Worst first: a machine served by several models shows the worst of their states. */
export const HEALTH_STATES: readonly HealthState[] = ['alarm', 'watch', 'no-data', 'suspended', 'not-covered', 'ok'];
/** The states a scoring job decides from the scores (the others are decided from coverage and the data clock). */
export type ScoredState = 'ok' | 'watch' | 'alarm';

/**
 * - no-data: the machine's newest sample is more than `noDataMs` behind the fleet's newest (the
 *   data clock), so an accelerated replay behaves like real time;
 * - watch: at least one of the last n windows beyond the threshold, no alarm raised (yet).
 */
export const HEALTH_THRESHOLDS = { noDataMs: HOUR_MS } as const;

/** From the scores: an open (unsuppressed) alarm, else watch when a recent window was beyond the threshold. */
export function scoredState(alarmOpen: boolean, recentBeyond: number): ScoredState {
  return alarmOpen ? 'alarm' : recentBeyond > 0 ? 'watch' : 'ok';
}

export interface StateInput {
  /** An active production deployment serves the machine (suspended or not). */
  covered: boolean;
  /** Set when every production deployment of the machine is suspended. */
  suspendedReason: string | null;
  lastDataMs: number | null;
  /** The fleet's newest sample. */
  dataClockMs: number | null;
  /** What its last scoring decided; null when never scored by a current deployment. */
  scored: ScoredState | null;
  scoredReason?: string | null;
}

/** The state and, for the states that need one, why. Order: coverage, suspension, data, scores. */
export function decideState(i: StateInput, t = HEALTH_THRESHOLDS): { state: HealthState; reason: string | null } {
  if (!i.covered) return { state: 'not-covered', reason: 'no production deployment serves this machine' };
  if (i.suspendedReason !== null) return { state: 'suspended', reason: i.suspendedReason };
  if (i.lastDataMs === null || i.dataClockMs === null) return { state: 'no-data', reason: 'no telemetry stored' };
  const behind = i.dataClockMs - i.lastDataMs;
  if (behind > t.noDataMs) return { state: 'no-data', reason: `newest sample ${Math.round(behind / 60_000)} min behind the fleet's newest` };
  if (i.scored === null) return { state: 'no-data', reason: 'not scored yet' };
  return { state: i.scored, reason: i.scoredReason ?? null };
}

/** The worse of two states. */
export function worseState(a: HealthState, b: HealthState): HealthState {
  return HEALTH_STATES.indexOf(a) <= HEALTH_STATES.indexOf(b) ? a : b;
}
