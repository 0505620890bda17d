import { DAY_MS } from '@fleetgate/common';
import { Remedy, RemedyCost } from './advice-summary.util';

/** How a remedy's variant is trained; null: no new version, the evaluated version is re-evaluated. */
export type VariantTraining = {
  normalization: { method: 'none' } | { method: 'per-machine-baseline'; baselineMs: number } | { method: 'per-regime'; regimeSignals: string[] };
  sample: boolean;
} | null;

/** One remedy as planned: whether it applies to this version, why, and how it is tried. */
export interface RemedyPlan {
  remedy: Remedy;
  cost: RemedyCost;
  applies: boolean;
  /** Why it applies or not, in words. */
  reason: string;
  training: VariantTraining;
  /** The threshold mode its evaluation runs with. */
  thresholds: 'version' | 'per-machine';
  /** Evaluated on the variant another remedy trains (per-machine-baseline+threshold reuses per-machine-baseline's). */
  sharesVariantOf?: Remedy;
}

export interface PlanInput {
  /** The evaluated version's normalization method. */
  method: 'none' | 'per-machine-baseline' | 'per-regime';
  /** The run's threshold mode. */
  thresholds: 'version' | 'per-machine';
  /** The pilot's training period (the baseline defaults to it, at most 14 days). */
  trainingPeriodMs: number;
  /** Requested: the baseline length of a per-machine-baseline variant. */
  baselineMs?: number;
  /** Requested, or the version's own: the signals that set the operating regime. */
  regimeSignals: string[];
}

/** The longest default baseline: the trainer's own default. */
export const MAX_DEFAULT_BASELINE_MS = 14 * DAY_MS;

/**
 * Every remedy, in a fixed order, with whether it applies to the evaluated version and run. A
 * per-machine threshold is calibrated on each machine's baseline, so for a raw or per-regime
 * version it is tried on top of the per-machine-baseline variant; a variant keeps the version's
 * normalization unless the remedy is that normalization.
 */
export function planRemedies(p: PlanInput): RemedyPlan[] {
  const baselineMs = p.baselineMs ?? Math.min(p.trainingPeriodMs, MAX_DEFAULT_BASELINE_MS);
  const baseline = { method: 'per-machine-baseline' as const, baselineMs };
  const own =
    p.method === 'none'
      ? { method: 'none' as const }
      : p.method === 'per-regime'
        ? { method: 'per-regime' as const, regimeSignals: p.regimeSignals }
        : baseline;
  const isBaseline = p.method === 'per-machine-baseline';
  return [
    {
      remedy: 'per-machine-threshold',
      cost: 'deployment-setting',
      applies: isBaseline && p.thresholds === 'version',
      reason: !isBaseline
        ? "per-machine thresholds are calibrated on each machine's baseline: tried with the per-machine-baseline variant instead"
        : p.thresholds === 'per-machine'
          ? 'the run already used per-machine thresholds'
          : "the alarm threshold at each machine's own healthy-score quantile: a deployment setting of this version",
      training: null,
      thresholds: 'per-machine',
    },
    {
      remedy: 'per-machine-baseline',
      cost: 'new-version',
      applies: !isBaseline,
      reason: isBaseline ? 'the version already expresses each machine against its own baseline' : `each machine against its own ${hours(baselineMs)} baseline`,
      training: isBaseline ? null : { normalization: baseline, sample: false },
      thresholds: 'version',
    },
    {
      remedy: 'per-machine-baseline+threshold',
      cost: 'new-version+deployment-setting',
      applies: !isBaseline,
      reason: isBaseline ? 'see per-machine-threshold' : "the per-machine-baseline variant with each machine's own threshold",
      training: null,
      thresholds: 'per-machine',
      sharesVariantOf: 'per-machine-baseline',
    },
    {
      remedy: 'per-regime',
      cost: 'new-version',
      applies: p.method !== 'per-regime' && p.regimeSignals.length > 0,
      reason:
        p.method === 'per-regime'
          ? 'the version is already normalised per regime'
          : p.regimeSignals.length
            ? `normalised per operating regime of ${p.regimeSignals.join(', ')}`
            : 'no regime signals named (give regimeSignals, e.g. ["speed"])',
      training:
        p.method !== 'per-regime' && p.regimeSignals.length ? { normalization: { method: 'per-regime', regimeSignals: p.regimeSignals }, sample: false } : null,
      thresholds: 'version',
    },
    {
      remedy: 'fleet-trained',
      cost: 'new-version',
      applies: true,
      reason: 'trained on the pilot and a stratified sample of the left-out segments, with the version’s normalization',
      training: { normalization: own, sample: true },
      thresholds: isBaseline ? p.thresholds : 'version',
    },
  ];
}

function hours(ms: number): string {
  return ms % DAY_MS === 0 ? `${ms / DAY_MS}-day` : `${Math.round(ms / 3_600_000)}-hour`;
}
