import { wilson } from '@fleetgate/stats';

export type AlarmOutcome = 'confirmed-fault' | 'false-alarm' | 'unknown';
export const ALARM_OUTCOMES: readonly AlarmOutcome[] = ['confirmed-fault', 'false-alarm', 'unknown'];

export interface LivePrecision {
  confirmed: number;
  falseAlarms: number;
  unknown: number;
  /** confirmed / (confirmed + false alarms); null with no decided outcome. */
  estimate: number | null;
  /** 95 % Wilson interval ([0, 1] with no decided outcome). */
  low: number;
  high: number;
}

/** A deployment's live precision from its alarms' outcomes; `unknown` and unacknowledged alarms do not count. */
export function livePrecision(outcomes: ReadonlyArray<string | null>): LivePrecision {
  const confirmed = outcomes.filter((o) => o === 'confirmed-fault').length;
  const falseAlarms = outcomes.filter((o) => o === 'false-alarm').length;
  const unknown = outcomes.filter((o) => o === 'unknown').length;
  const w = wilson(confirmed, confirmed + falseAlarms);
  return { confirmed, falseAlarms, unknown, estimate: Number.isNaN(w.estimate) ? null : w.estimate, low: w.low, high: w.high };
}
