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
  /**
   * Over detected failures: hours from the first window of the unbroken alarm run (windows a step
   * apart at most) that reaches the last window before the failure, to the failure — how long the
   * model had been alarming without a break when it failed (0 when that last window was quiet).
   * Unlike the lead time it is not capped by the horizon. Absent from assessments stored before it.
   */
  medianSustainedLeadHours?: number;
  auroc: number;
}

/** Which windows lie within the horizon before an in-range failure, and the first alarm window of each failure (−1: missed). */
interface FailureMarks {
  inRange: number[];
  positive: Uint8Array;
  /** Per in-range failure, in order: the first alarm window ending within its horizon, or −1. */
  firstAlarm: number[];
}

function markFailures(windowEndMs: ArrayLike<number>, alarms: ArrayLike<number>, failures: readonly number[], horizonMs: number): FailureMarks {
  const n = windowEndMs.length;
  const inRange = failures.filter((f) => n > 0 && f > windowEndMs[0] && f - horizonMs <= windowEndMs[n - 1]);
  const positive = new Uint8Array(n);
  const firstAlarm: number[] = [];
  for (const f of inRange) {
    let first = -1;
    for (let w = 0; w < n; w++) {
      const end = windowEndMs[w];
      if (end > f - horizonMs && end <= f) {
        positive[w] = 1;
        if (alarms[w] && first < 0) first = w;
      }
    }
    firstAlarm.push(first);
  }
  return { inRange, positive, firstAlarm };
}

/**
 * False alarm episodes: runs of consecutive alarm windows (a step apart at most) that start
 * outside every pre-failure horizon; and how many windows lie outside those horizons.
 */
function falseEpisodes(
  windowEndMs: ArrayLike<number>,
  alarms: ArrayLike<number>,
  positive: Uint8Array,
  stepMs: number,
): { episodes: number; negativeWindows: number } {
  let episodes = 0;
  let negativeWindows = 0;
  for (let w = 0; w < windowEndMs.length; w++) {
    if (positive[w]) continue;
    negativeWindows++;
    const continues = w > 0 && alarms[w - 1] && !positive[w - 1] && windowEndMs[w] - windowEndMs[w - 1] <= stepMs;
    if (alarms[w] && !continues) episodes++;
  }
  return { episodes, negativeWindows };
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
  const { inRange, positive, firstAlarm } = markFailures(windowEndMs, alarms, failures, horizonMs);
  if (inRange.length === 0) return null;
  const leads = leadTimes(windowEndMs, inRange, firstAlarm);
  const { alarmCount, truePositiveAlarms } = alarmCounts(alarms, positive, windowEndMs.length);
  const { episodes, negativeWindows } = falseEpisodes(windowEndMs, alarms, positive, stepMs);
  const negativeHours = (negativeWindows * stepMs) / 3_600_000;
  return {
    failures: inRange.length,
    detected: leads.length,
    recall: leads.length / inRange.length,
    precision: alarmCount ? truePositiveAlarms / alarmCount : NaN,
    falseAlarmsPer1000h: negativeHours > 0 ? (episodes / negativeHours) * 1000 : NaN,
    medianLeadTimeHours: leads.length ? median(leads) : NaN,
    medianSustainedLeadHours: leads.length ? median(sustainedLeads(windowEndMs, alarms, inRange, firstAlarm, stepMs)) : NaN,
    auroc: auroc(orientedScores, positive),
  };
}

/**
 * Alarms among the first `n` windows, and those on positive windows. A loop of its own: inside
 * `labelledPerformance` it had V8 optimise that whole function, with its callees inlined, for
 * every few machines (a sixth of a second of compiling per run).
 */
function alarmCounts(alarms: ArrayLike<number>, positive: ArrayLike<number>, n: number): { alarmCount: number; truePositiveAlarms: number } {
  let alarmCount = 0;
  let truePositiveAlarms = 0;
  for (let w = 0; w < n; w++) {
    if (alarms[w]) {
      alarmCount++;
      if (positive[w]) truePositiveAlarms++;
    }
  }
  return { alarmCount, truePositiveAlarms };
}

/** Per detected failure: hours from the start of the alarm run that reaches its last window before it (0: that window was quiet). */
function sustainedLeads(windowEndMs: ArrayLike<number>, alarms: ArrayLike<number>, inRange: number[], firstAlarm: number[], stepMs: number): number[] {
  const out: number[] = [];
  inRange.forEach((f, i) => {
    if (firstAlarm[i] < 0) return;
    let w = firstAlarm[i];
    while (w + 1 < windowEndMs.length && windowEndMs[w + 1] <= f) w++;
    if (!alarms[w]) return void out.push(0);
    let start = w;
    while (start > 0 && alarms[start - 1] && windowEndMs[start] - windowEndMs[start - 1] <= stepMs) start--;
    out.push((f - windowEndMs[start]) / 3_600_000);
  });
  return out;
}

function leadTimes(windowEndMs: ArrayLike<number>, inRange: number[], firstAlarm: number[]): number[] {
  const out: number[] = [];
  inRange.forEach((f, i) => {
    if (firstAlarm[i] >= 0) out.push((f - windowEndMs[firstAlarm[i]]) / 3_600_000);
  });
  return out;
}

/** What a model's alarms were worth on one machine, in counts (the gate prices them). */
export interface AlarmValueCounts {
  /** Labelled failures in range (as `labelledPerformance` counts them). */
  failures: number;
  /** Per detected failure, in failure order: hours from the first alarm within the horizon to the failure. */
  leadTimesHours: number[];
  /** Alarm episodes starting outside every pre-failure horizon: the episodes behind `falseAlarmsPer1000h`. */
  falseAlarms: number;
  /** Scored windows × step, in hours: the time the model watched the machine. */
  machineHours: number;
}

/**
 * The counts behind a model's net value on one machine, by `labelledPerformance`'s definitions
 * (detection, lead time, false-alarm episode), also when no labelled failure is in range (then
 * every alarm episode is a false alarm). Unlike the rates it keeps each lead time, so a caller can
 * count the failures detected early enough for a planned repair.
 */
export function alarmValueCounts(
  windowEndMs: ArrayLike<number>,
  alarms: ArrayLike<number>,
  failures: readonly number[],
  horizonMs: number,
  stepMs: number,
): AlarmValueCounts {
  const { inRange, positive, firstAlarm } = markFailures(windowEndMs, alarms, failures, horizonMs);
  return {
    failures: inRange.length,
    leadTimesHours: leadTimes(windowEndMs, inRange, firstAlarm),
    falseAlarms: falseEpisodes(windowEndMs, alarms, positive, stepMs).episodes,
    machineHours: (windowEndMs.length * stepMs) / 3_600_000,
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
