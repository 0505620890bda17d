import { checkStatuses, domainChecks, DomainCheck, NormalizationFindings, THRESHOLDS, withDomainIntervals, worstStatus } from '@fleetgate/evaluation';
import { SeriesBySignal, signalLevelsWithBlocks } from '@fleetgate/inference';
import { wilson } from '@fleetgate/stats';
import { GuardRule, GuardsDefinition } from '../policy.types';

/**
 * Guards: the conditions a production deployment was approved under, checked on live data after
 * each scoring round (see the gate README, "Guards"). Pure decisions here; reading the data and
 * demoting live in the services.
 */

/** `hold`: inside; `breach`: demote; `insufficient`: not enough counted data to decide (never a breach). */
export type GuardStatus = 'hold' | 'breach' | 'insufficient';

export interface GuardResult {
  rule: GuardRule;
  status: GuardStatus;
  /** The measured value the limit applies to (null when nothing could be measured). */
  value: number | null;
  limit: number | null;
  detail: string;
}

/** One scored window as the guards see it. */
export interface GuardWindow {
  endMs: number;
  /** Beyond the deployment's threshold. */
  beyond: boolean;
  /** Away from labelled failures and maintenance (the evaluation's healthy-window mask). */
  healthy: boolean;
}

/** An alarm of the deployment (open: `closedAtMs` null). */
export interface GuardAlarm {
  openedAtMs: number;
  closedAtMs: number | null;
  /** What the person who acknowledged it found (`false-alarm`, `confirmed-fault`, `unknown`); null when nobody did. */
  outcome?: string | null;
}

/**
 * The spans no guard may count: from the model's horizon before each alarm opened to its close
 * (for ever while open). A machine that starts to fail raises its alarm; the windows that led to it
 * are the model doing its job, not evidence against it. The one exception is an alarm a person
 * closed as a `false-alarm`: someone looked and found nothing, so its windows are exactly what the
 * `alarm-rate` guard exists to count (a model that floods a machine with alarms people dismiss).
 * An alarm nobody judged, or judged `unknown`, keeps the benefit of the doubt.
 */
export function alarmExclusions(alarms: readonly GuardAlarm[], horizonMs: number): Array<[number, number]> {
  return alarms.filter((a) => !(a.closedAtMs !== null && a.outcome === 'false-alarm')).map((a) => [a.openedAtMs - horizonMs, a.closedAtMs ?? Infinity]);
}

/** Healthy windows outside every exclusion: the only windows a guard counts. */
export function countableWindows(windows: readonly GuardWindow[], excluded: ReadonlyArray<readonly [number, number]>): GuardWindow[] {
  return windows.filter((w) => w.healthy && !excluded.some(([from, to]) => w.endMs >= from && w.endMs <= to));
}

/**
 * `alarm-rate`: breached only when the lower bound of the 95 % Wilson interval of the live alarm
 * rate on the counted windows exceeds k × the machine's evaluated healthy alarm rate, floored at
 * the evaluation's `minReferenceAlarmRate` (a machine that never alarmed in its evaluation is
 * not held to 0). Fewer than `minWindows` counted windows: insufficient.
 */
export function alarmRateGuard(
  counted: readonly GuardWindow[],
  evaluatedRate: number | null,
  cfg: NonNullable<GuardsDefinition['alarmRate']>,
  t = THRESHOLDS,
): GuardResult {
  const reference = Math.max(evaluatedRate !== null && Number.isFinite(evaluatedRate) ? evaluatedRate : 0, t.minReferenceAlarmRate);
  const limit = cfg.k * reference;
  const n = counted.length;
  const beyond = counted.filter((w) => w.beyond).length;
  if (n < cfg.minWindows) {
    return { rule: 'alarm-rate', status: 'insufficient', value: null, limit, detail: `${n} counted healthy windows, ${cfg.minWindows} needed` };
  }
  const low = wilson(beyond, n).low;
  const breach = low > limit;
  return {
    rule: 'alarm-rate',
    status: breach ? 'breach' : 'hold',
    value: low,
    limit,
    detail:
      `live healthy alarm rate ${pct(beyond / n)} (${beyond} of ${n} windows), 95 % lower bound ${pct(low)} ` +
      `${breach ? '>' : '≤'} ${cfg.k} × the evaluated ${pct(reference)} = ${pct(limit)}`,
  };
}

/** Day blocks from which the envelope guard forms its intervals, and the healthy days it needs at all. */
export const ENVELOPE_MIN_DAYS = 5;

/** The pilot's healthy level and spread per signal (the version's reference profile). */
export type PilotLevels = Record<string, { mean: number; std: number; withinStd?: number }>;

/**
 * `envelope` for a raw model: the evaluation's domain check — `signalLevels` (same estimator),
 * `domainChecks` and its day-block bootstrap intervals, the same `THRESHOLDS` — on the trailing
 * period's series with the excluded spans left out. Out on any signal breaches; borderline holds
 * (undecided is not evidence). A trailing week holds fewer day blocks than the evaluation's
 * `borderline.minBlocks` (10), below which the evaluation lets the point estimate decide; a guard
 * that demotes must not flip on noise at a bound, so here the interval is formed from
 * `ENVELOPE_MIN_DAYS` blocks on, and fewer healthy hours than that many days is insufficient.
 * Value and limit are those of the worst signal.
 */
export function envelopeGuard(
  signals: readonly string[],
  series: SeriesBySignal,
  excluded: ReadonlyArray<readonly [number, number]>,
  pilot: PilotLevels,
  seedKey: string,
  t = THRESHOLDS,
): GuardResult & { checks: DomainCheck[] } {
  const { levels, blocks } = signalLevelsWithBlocks(signals, series, excluded);
  const hours = Math.min(...levels.map((l) => l.hours));
  const needed = Math.max(t.minHealthyWindows, ENVELOPE_MIN_DAYS * 24);
  if (!levels.length || !(hours >= needed)) {
    return {
      rule: 'envelope',
      status: 'insufficient',
      value: null,
      limit: null,
      detail: `${Number.isFinite(hours) ? hours : 0} healthy hours in the trailing period, ${needed} needed`,
      checks: [],
    };
  }
  // THRESHOLDS is typed by its literal values; only the block count differs here.
  const intervals = { ...t, borderline: { ...t.borderline, minBlocks: Math.min(t.borderline.minBlocks, ENVELOPE_MIN_DAYS) } } as unknown as typeof t;
  const checks = withDomainIntervals(domainChecks(levels, pilot, t), blocks, pilot, seedKey, intervals);
  return { ...envelopeFromChecks(checks, t), checks };
}

/** The decision over domain checks already computed (see `envelopeGuard`). */
export function envelopeFromChecks(checks: readonly DomainCheck[], t = THRESHOLDS): GuardResult {
  let worst: GuardResult | null = null;
  for (const c of checks) {
    const s = checkStatuses(c, t);
    if (worstStatus(s.level, s.spread) !== 'out') continue;
    const r: GuardResult =
      s.level === 'out'
        ? {
            rule: 'envelope',
            status: 'breach',
            value: c.levelShiftSigma,
            limit: t.domain.maxLevelShiftSigma,
            detail: `${c.signal}: level ${fmt(c.levelShiftSigma)} σ from the pilot's (max ${t.domain.maxLevelShiftSigma} σ)`,
          }
        : {
            rule: 'envelope',
            status: 'breach',
            value: c.spreadRatio,
            limit: c.spreadRatio > t.domain.maxSpreadRatio ? t.domain.maxSpreadRatio : t.domain.minSpreadRatio,
            detail: `${c.signal}: spread ${fmt(c.spreadRatio)} × the pilot's (allowed ${t.domain.minSpreadRatio}–${t.domain.maxSpreadRatio})`,
          };
    if (!worst || excess(r) > excess(worst)) worst = r;
  }
  return worst ?? { rule: 'envelope', status: 'hold', value: null, limit: null, detail: 'healthy levels and spreads within the pilot envelope' };
}

/**
 * `envelope` for a per-machine-baseline model: the evaluation's `normalizationFindings` (signal
 * relations after the pinned baseline against the pilot's) on the trailing period. Outside →
 * breach; insufficient (or refused) → insufficient.
 */
export function envelopeFromFindings(f: NormalizationFindings): GuardResult {
  if (f.outside.length) return { rule: 'envelope', status: 'breach', value: null, limit: null, detail: f.outside.join('; ') };
  if (f.insufficient.length) return { rule: 'envelope', status: 'insufficient', value: null, limit: null, detail: f.insufficient.join('; ') };
  return { rule: 'envelope', status: 'hold', value: null, limit: null, detail: f.inDomain };
}

/** The first breach, in the order the guards are listed (envelope, then alarm rate). */
export function firstBreach(results: readonly GuardResult[]): GuardResult | null {
  return results.find((r) => r.status === 'breach') ?? null;
}

/** The reason a demotion records: rule, measured value and limit. */
export function demotionReason(r: GuardResult): string {
  return `guard ${r.rule} breached: ${r.detail}`;
}

function excess(r: GuardResult): number {
  if (r.value === null || r.limit === null || !Number.isFinite(r.value)) return Infinity;
  return r.value >= r.limit ? r.value / Math.max(r.limit, 1e-12) : r.limit / Math.max(r.value, 1e-12);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : String(x);
}
