import { median } from './descriptive.util';
import { auroc } from './ranking.util';

export interface LabelledPerformance {
  failures: number;
  detected: number;
  recall: number;
  /** Share of alarm windows that fell within the horizon before a failure. */
  precision: number;
  /** Alarm episodes (runs of consecutive alarm windows) outside pre-failure horizons, per 1,000 machine-hours of such time. */
  falseAlarmsPer1000h: number;
  /** Hours from the first alarm within the horizon to the failure, over detected failures. */
  medianLeadTimeHours: number;
  auroc: number;
}

/**
 * Real performance against labelled failures. A failure counts as detected when an alarm
 * window ends within the horizon before it (and not after it). Windows are judged by
 * their end time: that is when the alarm would have been raised.
 */
export function labelledPerformance(
  windowEndMs: Float64Array,
  alarms: Uint8Array,
  orientedScores: Float32Array,
  failures: readonly number[],
  horizonMs: number,
  stepMs: number,
): LabelledPerformance | null {
  const inRange = failures.filter((f) => windowEndMs.length > 0 && f > windowEndMs[0] && f - horizonMs <= windowEndMs[windowEndMs.length - 1]);
  if (inRange.length === 0) return null;
  const positive = new Uint8Array(windowEndMs.length);
  const leads: number[] = [];
  let detected = 0;
  for (const f of inRange) {
    let first = -1;
    for (let w = 0; w < windowEndMs.length; w++) {
      const end = windowEndMs[w];
      if (end > f - horizonMs && end <= f) {
        positive[w] = 1;
        if (alarms[w] && first < 0) first = w;
      }
    }
    if (first >= 0) {
      detected++;
      leads.push((f - windowEndMs[first]) / 3_600_000);
    }
  }
  let alarmCount = 0;
  let truePositiveAlarms = 0;
  let episodes = 0;
  let negativeWindows = 0;
  for (let w = 0; w < windowEndMs.length; w++) {
    if (alarms[w]) {
      alarmCount++;
      if (positive[w]) truePositiveAlarms++;
    }
    if (!positive[w]) {
      negativeWindows++;
      const continues = w > 0 && alarms[w - 1] && !positive[w - 1] && windowEndMs[w] - windowEndMs[w - 1] <= stepMs;
      if (alarms[w] && !continues) episodes++;
    }
  }
  const negativeHours = (negativeWindows * stepMs) / 3_600_000;
  return {
    failures: inRange.length,
    detected,
    recall: detected / inRange.length,
    precision: alarmCount ? truePositiveAlarms / alarmCount : NaN,
    falseAlarmsPer1000h: negativeHours > 0 ? (episodes / negativeHours) * 1000 : NaN,
    medianLeadTimeHours: leads.length ? median(leads) : NaN,
    auroc: auroc(orientedScores, positive),
  };
}

/**
 * Scores turned so that higher is always worse, and the alarm (1) of each: strictly beyond the
 * threshold in the model's direction. The evaluation and the pilot's profile alarm the same way.
 */
export function orientedAlarms(scores: ArrayLike<number>, higherIsWorse: boolean, threshold: number): { oriented: Float32Array; alarms: Uint8Array } {
  const oriented = Float32Array.from(scores, (s) => (higherIsWorse ? s : -s));
  const cut = higherIsWorse ? threshold : -threshold;
  return { oriented, alarms: Uint8Array.from(oriented, (s) => (s > cut ? 1 : 0)) };
}
