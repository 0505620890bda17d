import { THRESHOLDS } from './thresholds';
import { checkStatuses, DomainCheck } from './domain.util';
import { LabelledPerformance } from '@fleetgate/stats';

/**
 * `training`: the machine is one the version was trained on (the manifest's `training.machineIds`;
 * for a single-pilot version, the pilot). Its figures are in-sample: they are listed for
 * information, never counted as evidence that the model generalizes (see `trainingVerdict`).
 */
export type Verdict = 'generalizes' | 'degraded' | 'borderline' | 'out-of-domain' | 'insufficient-data' | 'training';

/** Every verdict, in the order reports count them. */
export const VERDICTS: readonly Verdict[] = ['generalizes', 'degraded', 'borderline', 'out-of-domain', 'insufficient-data', 'training'];

/**
 * A training machine's verdict: always `training`, whatever its figures say — a model scored on
 * the data it learned from shows how well it fits, not how well it generalizes. The verdict the
 * figures would have given a held-out machine follows as information.
 */
export function trainingVerdict(heldOut: { verdict: Verdict; reasons: string[] }): { verdict: Verdict; reasons: string[] } {
  return {
    verdict: 'training',
    reasons: [
      "a training machine of this version: its figures are in-sample, listed for information and never counted as evidence (validated scope, segment shares, the gate's rules)",
      `as a held-out machine its figures would read ${heldOut.verdict}${heldOut.reasons.length ? `: ${heldOut.reasons.join('; ')}` : ''}`,
    ],
  };
}

export interface VerdictInput {
  missingSignals: string[];
  usableFraction: number;
  healthyWindows: number;
  domain: DomainCheck[];
  healthyAlarmRate: number;
  pilotAlarmRate: number;
  performance: LabelledPerformance | null;
  /** The pilot's own recall on its training data (null: unknown). */
  pilotRecall?: number | null;
  /** Normalised models: why the machine cannot be judged (no valid baseline, too few hours to compare relations). */
  normalizationInsufficient?: string[];
  /** The machine could not be normalised at all (no valid baseline): nothing was scored, and that is the only reason given. */
  normalizationRefused?: boolean;
  /** Normalised models: why it is outside the pilot's domain (signal relations, unseen regimes). */
  normalizationOutside?: string[];
  /** What "in domain" meant, for the generalizes reason (default: the raw envelope). */
  inDomain?: string;
}

/**
 * One verdict with every reason that decided it. Order matters: no judgement without
 * data; the domain question (healthy windows only) before performance — clearly out on any
 * signal is `out-of-domain`, otherwise an interval straddling a bound on any signal is
 * `borderline` (`THRESHOLDS.borderline`); performance problems make a machine `degraded`.
 */
export function decideVerdict(input: VerdictInput, t = THRESHOLDS): { verdict: Verdict; reasons: string[] } {
  if (input.normalizationRefused) return { verdict: 'insufficient-data', reasons: [...(input.normalizationInsufficient ?? [])] };
  const insufficient: string[] = [...(input.normalizationInsufficient ?? [])];
  for (const s of input.missingSignals) insufficient.push(`required signal ${s} is missing (not mapped or no data)`);
  if (input.usableFraction < t.minUsableFraction) insufficient.push(`only ${pct(input.usableFraction)} of windows usable (need ${pct(t.minUsableFraction)})`);
  if (input.healthyWindows < t.minHealthyWindows) insufficient.push(`${input.healthyWindows} healthy windows (need ${t.minHealthyWindows})`);
  if (insufficient.length) return { verdict: 'insufficient-data', reasons: insufficient };

  const outside: string[] = [...(input.normalizationOutside ?? [])];
  const borderline: string[] = [];
  for (const d of input.domain) {
    if (Number.isNaN(d.levelShiftSigma) || Number.isNaN(d.spreadRatio)) {
      outside.push(`${d.signal}: no healthy level could be compared with the pilot's`);
      continue;
    }
    const status = checkStatuses(d, t);
    if (d.pilotFlat) {
      // A constant on the pilot: the model never saw it move, so only the same constant is inside.
      const tol = `within ${t.domain.flatTolerance.toExponential()} of its magnitude`;
      if (status.level === 'out')
        outside.push(`${d.signal}: flat on the pilot, and the healthy level differs from the pilot's constant (not ${tol})${within(d.levelShiftInterval, t)}`);
      if (status.spread === 'out')
        outside.push(`${d.signal}: flat on the pilot, but varies here (spread ${fmt(d.spreadRatio)}× the flat tolerance)${within(d.spreadRatioInterval, t)}`);
    } else {
      if (status.level === 'out')
        outside.push(
          `${d.signal}: healthy level ${fmt(d.levelShiftSigma)} σ from the pilot's (max ${t.domain.maxLevelShiftSigma})${within(d.levelShiftInterval, t)}`,
        );
      if (status.spread === 'out') {
        outside.push(
          `${d.signal}: spread ${fmt(d.spreadRatio)}× the pilot's (allowed ${t.domain.minSpreadRatio}–${t.domain.maxSpreadRatio})${within(d.spreadRatioInterval, t)}`,
        );
      }
    }
    if (status.level === 'borderline')
      borderline.push(
        borderlineReason(
          `${d.signal}: healthy level ${fmt(d.levelShiftSigma)} σ from the pilot's`,
          d.levelShiftSigma,
          d.levelShiftInterval!,
          [t.domain.maxLevelShiftSigma],
          d.days ?? 0,
          t,
        ),
      );
    if (status.spread === 'borderline')
      borderline.push(
        borderlineReason(
          `${d.signal}: spread ${fmt(d.spreadRatio)}× the pilot's`,
          d.spreadRatio,
          d.spreadRatioInterval!,
          [t.domain.minSpreadRatio, t.domain.maxSpreadRatio],
          d.days ?? 0,
          t,
        ),
      );
  }
  if (outside.length) return { verdict: 'out-of-domain', reasons: outside };
  if (borderline.length) return { verdict: 'borderline', reasons: borderline };

  const degraded: string[] = [];
  const p = input.performance;
  // Below the minimum and below what the model did on its own pilot: a machine that does as well
  // as the pilot is not worse than the evidence the model was registered with (the gate's recall
  // rules still judge whether that is good enough).
  const pilotRecall = input.pilotRecall ?? null;
  if (p && p.failures >= t.minFailuresForPerformance && p.recall < t.minRecall && (pilotRecall === null || p.recall < pilotRecall))
    degraded.push(
      `recall ${pct(p.recall)} on ${failures(p.failures)} (min ${pct(t.minRecall)}${pilotRecall === null ? '' : `; the pilot's own ${pct(pilotRecall)}`})`,
    );
  const ratio = input.pilotAlarmRate > 0 ? input.healthyAlarmRate / input.pilotAlarmRate : Infinity;
  if (input.healthyAlarmRate > t.minAlarmRate && ratio > t.maxAlarmRateRatio) {
    degraded.push(
      `healthy-window alarm rate ${pct(input.healthyAlarmRate)} is ${ratio.toFixed(1)}× the pilot's ${pct(input.pilotAlarmRate)} (max ${t.maxAlarmRateRatio}×)`,
    );
  }
  if (degraded.length) return { verdict: 'degraded', reasons: degraded };
  return {
    verdict: 'generalizes',
    reasons: [input.inDomain ?? 'healthy levels and spreads within the pilot envelope', ...(p ? [`recall ${pct(p.recall)} on ${failures(p.failures)}`] : [])],
  };
}

/**
 * What would settle a straddling interval. Its width shrinks as 1/√days, so the half-width on the
 * bound's side (from the estimate towards the bound) falls to the estimate's distance from the
 * bound after days·(halfWidth/distance)² days in all: that many more healthy days. An estimate on
 * the bound, or more than `maxExtraDays`, cannot be settled by waiting: score the machine live.
 */
export function borderlineReason(
  what: string,
  estimate: number,
  interval: readonly [number, number],
  bounds: readonly number[],
  days: number,
  t = THRESHOLDS,
): string {
  const [lo, hi] = interval;
  const straddled = bounds.filter((b) => lo <= b && b <= hi);
  let extra = 0;
  for (const b of straddled) extra = Math.max(extra, extraDays(estimate, interval, b, days));
  const bound = straddled.map((b) => String(b)).join(' and ');
  const head = `${what}, ${pct(t.borderline.confidence, 0)} interval ${fmt(lo)}–${fmt(hi)} over ${days} healthy days straddles the bound ${bound}`;
  return extra <= t.borderline.maxExtraDays
    ? `${head}: about ${extra} more healthy days would settle it`
    : `${head}: ${extra === Infinity ? 'the estimate sits on the bound, so' : `more than ${t.borderline.maxExtraDays} more days would be needed, so`} a shadow period (score it live and judge by its alarms) would settle it`;
}

/** ceil(days·(halfWidth/distance)²) − days, at least 1; Infinity for an estimate on the bound. */
export function extraDays(estimate: number, [lo, hi]: readonly [number, number], bound: number, days: number): number {
  const distance = Math.abs(estimate - bound);
  if (!(distance > 0) || !(days > 0)) return Infinity;
  const halfWidth = estimate < bound ? hi - estimate : estimate - lo;
  return Math.max(1, Math.ceil(days * (halfWidth / distance) ** 2) - days);
}

const failures = (n: number): string => `${n} labelled failure${n === 1 ? '' : 's'}`;

/** " (90 % interval lo–hi)" when the effect has an interval. */
function within(interval: readonly [number, number] | undefined, t: typeof THRESHOLDS): string {
  return interval ? ` (${pct(t.borderline.confidence, 0)} interval ${fmt(interval[0])}–${fmt(interval[1])})` : '';
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '∞';
}

function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)} %`;
}
