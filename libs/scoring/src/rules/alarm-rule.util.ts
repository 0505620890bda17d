import type { ErrorDetail } from '@fleetgate/common';

/**
 * The alarm rule of a deployment: raise when the score is beyond the threshold in `k` of the
 * last `n` windows; clear after `m` windows in a row below it. Pure (no Nest, no I/O).
 */
export interface AlarmRule {
  k: number;
  n: number;
  m: number;
}

/** Three of the last four windows beyond the threshold raise; six in a row below clear. */
export const DEFAULT_ALARM_RULE: Readonly<AlarmRule> = Object.freeze({ k: 3, n: 4, m: 6 });
export const MAX_RULE_WINDOWS = 100;

/** Field-named problems of a rule (empty when valid): 1 ≤ k ≤ n ≤ 100, 1 ≤ m ≤ 100. */
export function alarmRuleProblems(rule: Partial<Record<keyof AlarmRule, unknown>>, prefix = 'alarmRule'): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_RULE_WINDOWS;
  for (const key of ['k', 'n', 'm'] as const) {
    if (!int(rule[key])) out.push({ field: `${prefix}.${key}`, message: `must be an integer between 1 and ${MAX_RULE_WINDOWS}` });
  }
  if (out.length === 0 && (rule.k as number) > (rule.n as number)) out.push({ field: `${prefix}.k`, message: 'must not exceed n' });
  return out;
}

/** The rule stored on a deployment (`deployments.alarm_rule`, JSON), or the defaults when absent or unreadable. */
export function parseAlarmRule(text: string | null | undefined): AlarmRule {
  if (!text) return { ...DEFAULT_ALARM_RULE };
  try {
    const r = JSON.parse(text) as Partial<AlarmRule>;
    return alarmRuleProblems(r).length === 0 ? { k: r.k!, n: r.n!, m: r.m! } : { ...DEFAULT_ALARM_RULE };
  } catch {
    return { ...DEFAULT_ALARM_RULE };
  }
}

/** How many past windows the rule needs to continue where it stopped. */
export const ruleMemory = (rule: AlarmRule): number => Math.max(rule.n, rule.m);

export interface RuleWindow {
  endMs: number;
  /** Strictly beyond the threshold in the worse direction (`orientedAlarms`). */
  beyond: boolean;
}

/** The alarm episode in progress when the new windows arrive (null: none). */
export interface OpenEpisode {
  /** Raised inside a maintenance window: recorded, not raised. */
  suppressed: boolean;
}

export type AlarmTransition =
  | { kind: 'raise'; atMs: number; index: number; suppressed: boolean }
  /** `below`: m windows in a row below the threshold; `maintenance-ended`: a suppressed episode still beyond after its window. */
  | { kind: 'clear'; atMs: number; index: number; reason: 'below' | 'maintenance-ended' };

/**
 * Runs the rule over the new windows (chronological), continuing from the flags of the windows
 * before them (`history`, chronological, at most `ruleMemory` needed) and the open episode.
 * An episode raised inside a maintenance window is suppressed; when it still meets k-of-n after
 * the maintenance window it is cleared and a real alarm raised at that window.
 */
export function runAlarmRule(
  rule: AlarmRule,
  history: readonly boolean[],
  fresh: readonly RuleWindow[],
  open: OpenEpisode | null,
  inMaintenance: (ms: number) => boolean,
): { transitions: AlarmTransition[]; open: OpenEpisode | null } {
  const flags = history.slice(-ruleMemory(rule));
  const transitions: AlarmTransition[] = [];
  let episode = open;
  fresh.forEach((w, index) => {
    flags.push(w.beyond);
    if (flags.length > ruleMemory(rule)) flags.shift();
    const hits = flags.slice(-rule.n).filter(Boolean).length;
    if (!episode) {
      if (hits >= rule.k) {
        episode = { suppressed: inMaintenance(w.endMs) };
        transitions.push({ kind: 'raise', atMs: w.endMs, index, suppressed: episode.suppressed });
      }
      return;
    }
    const lastM = flags.slice(-rule.m);
    if (lastM.length >= rule.m && !lastM.some(Boolean)) {
      transitions.push({ kind: 'clear', atMs: w.endMs, index, reason: 'below' });
      episode = null;
    } else if (episode.suppressed && hits >= rule.k && !inMaintenance(w.endMs)) {
      transitions.push({ kind: 'clear', atMs: w.endMs, index, reason: 'maintenance-ended' });
      transitions.push({ kind: 'raise', atMs: w.endMs, index, suppressed: false });
      episode = { suppressed: false };
    }
  });
  return { transitions, open: episode };
}
