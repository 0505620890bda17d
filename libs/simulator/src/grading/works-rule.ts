/**
 * When a model version *works* on a machine — the truth `fleetgate grade` holds a validated
 * scope against. It is decided from the model's own alarms (as the evaluation stored them)
 * and the simulator's complete truth (every planted failure, labelled or withheld), never from
 * the planted envelope, which stays in the truth file as an explanation only.
 *
 * A machine works when both hold over the graded window:
 *
 * 1. **It catches the failures.** Recall ≥ `minRecall` over its planted failures whose run-up
 *    the model scored: a failure is caught when a window ending inside its run-up
 *    [onset, failure] alarmed. 0.5 is the evaluation's own minimum (`THRESHOLDS.minRecall`): a
 *    model that misses most failures on a machine is not protecting it. A machine with no planted
 *    failure in the window is judged on 2 alone and reported separately.
 * 2. **It does not cry wolf.** False alarms per 1,000 truly healthy hours ≤ the larger of
 *    `maxFalseAlarmRatio` × the pilot's reference rate and `minFalseAlarmsPer1000h`. The model
 *    speaks once per step (one window end); each alarm raised while the machine is truly healthy
 *    (the window overlaps no run-up and no repair) is a call a technician has to clear. The
 *    reference is the pilot's healthy-window alarm rate the version was registered with, taken
 *    as at least `minReferenceAlarmRate` (1 %, the rate a 99th-percentile threshold implies);
 *    five times that — and never less than 5 % of hours — is "flooded with alarms", the bar the
 *    evaluation's degraded verdict uses too. Grading thereby asks whether the evaluation, seeing
 *    only part of the labels and only the data, reaches the answer complete truth gives.
 *
 * A machine the model cannot score at all (a required signal missing, no usable window) does
 * not work there. These numbers were fixed before the first grading run on any seed.
 */
export const WORKS_RULE = {
  minRecall: 0.5,
  maxFalseAlarmRatio: 5,
  minReferenceAlarmRate: 0.01,
  minFalseAlarmsPer1000h: 50,
} as const;

export type WorksRule = typeof WORKS_RULE;

export const WORKS_RULE_TEXT =
  `works ⇔ recall ≥ ${WORKS_RULE.minRecall} on the planted failures whose run-up was scored (when there are any) and ` +
  `false alarms per 1,000 truly healthy hours ≤ max(${WORKS_RULE.maxFalseAlarmRatio} × the pilot's healthy alarm rate ` +
  `(at least ${WORKS_RULE.minReferenceAlarmRate * 100} %), ${WORKS_RULE.minFalseAlarmsPer1000h}); a machine the model cannot score does not work`;
