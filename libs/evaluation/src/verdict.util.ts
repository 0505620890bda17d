import { THRESHOLDS } from './thresholds';
import { DomainCheck } from './domain.util';
import { LabelledPerformance } from '@fleetgate/stats';

export type Verdict = 'generalizes' | 'degraded' | 'out-of-domain' | 'insufficient-data';

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
}

/**
 * One verdict with every reason that decided it. Order matters: no judgement without
 * data; the domain question (healthy windows only) before performance; performance
 * problems make a machine `degraded`.
 */
export function decideVerdict(input: VerdictInput, t = THRESHOLDS): { verdict: Verdict; reasons: string[] } {
  const insufficient: string[] = [];
  for (const s of input.missingSignals) insufficient.push(`required signal ${s} is missing (not mapped or no data)`);
  if (input.usableFraction < t.minUsableFraction) insufficient.push(`only ${pct(input.usableFraction)} of windows usable (need ${pct(t.minUsableFraction)})`);
  if (input.healthyWindows < t.minHealthyWindows) insufficient.push(`${input.healthyWindows} healthy windows (need ${t.minHealthyWindows})`);
  if (insufficient.length) return { verdict: 'insufficient-data', reasons: insufficient };

  const outside: string[] = [];
  for (const d of input.domain) {
    if (Number.isNaN(d.levelShiftSigma) || Number.isNaN(d.spreadRatio)) {
      outside.push(`${d.signal}: no healthy level could be compared with the pilot's`);
      continue;
    }
    if (d.pilotFlat) {
      // A constant on the pilot: the model never saw it move, so only the same constant is inside.
      const tol = `within ${t.domain.flatTolerance.toExponential()} of its magnitude`;
      if (d.levelShiftSigma > t.domain.maxLevelShiftSigma)
        outside.push(`${d.signal}: flat on the pilot, and the healthy level differs from the pilot's constant (not ${tol})`);
      if (d.spreadRatio > t.domain.maxSpreadRatio)
        outside.push(`${d.signal}: flat on the pilot, but varies here (spread ${fmt(d.spreadRatio)}× the flat tolerance)`);
      continue;
    }
    if (d.levelShiftSigma > t.domain.maxLevelShiftSigma)
      outside.push(`${d.signal}: healthy level ${fmt(d.levelShiftSigma)} σ from the pilot's (max ${t.domain.maxLevelShiftSigma})`);
    if (d.spreadRatio < t.domain.minSpreadRatio || d.spreadRatio > t.domain.maxSpreadRatio) {
      outside.push(`${d.signal}: spread ${fmt(d.spreadRatio)}× the pilot's (allowed ${t.domain.minSpreadRatio}–${t.domain.maxSpreadRatio})`);
    }
  }
  if (outside.length) return { verdict: 'out-of-domain', reasons: outside };

  const degraded: string[] = [];
  const p = input.performance;
  // Below the minimum and below what the model did on its own pilot: a machine that does as well
  // as the pilot is not worse than the evidence the model was registered with (the gate's recall
  // rules still judge whether that is good enough).
  const pilotRecall = input.pilotRecall ?? null;
  if (p && p.failures >= t.minFailuresForPerformance && p.recall < t.minRecall && (pilotRecall === null || p.recall < pilotRecall))
    degraded.push(
      `recall ${pct(p.recall)} on ${p.failures} labelled failures (min ${pct(t.minRecall)}${pilotRecall === null ? '' : `; the pilot's own ${pct(pilotRecall)}`})`,
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
    reasons: ['healthy levels and spreads within the pilot envelope', ...(p ? [`recall ${pct(p.recall)} on ${p.failures} labelled failures`] : [])],
  };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '∞';
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
