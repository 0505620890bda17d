import { DAY_MS } from '@fleetgate/common';
import { SeriesBySignal } from '../features/feature-grid.util';
import { TimedEvent } from '../features/healthy-windows.util';
import { baselinePeriod } from './baseline-period.util';
import { Baseline, baselineValidity, BaselineValidity, estimateBaseline } from './baseline.util';
import { normalizeSeries } from './normalize.util';
import { normalizeByRegime, Regimes } from './regimes.util';

/** How a model expects its input signals: raw canonical units, each machine against its own baseline, or per operating regime. */
export type Normalization = { method: 'none' } | { method: 'per-machine-baseline'; baselineMs: number } | { method: 'per-regime'; regimes: Regimes };

export const NO_NORMALIZATION: Normalization = { method: 'none' };

/** Default baseline length: two weeks hold every weekday twice and give the trend test 14 daily levels. */
export const DEFAULT_BASELINE_MS = 14 * DAY_MS;

export interface MachineBaseline extends Baseline {
  source: 'auto' | 'explicit';
  /** The explicit baseline's version (set through the api), null for the automatic one. */
  explicitVersion: number | null;
  validity: BaselineValidity;
}

export interface PreparedSeries {
  /** What the feature builder reads: the model's signals, normalised as the model expects. */
  series: SeriesBySignal;
  /**
   * Windows starting before this calibrated the machine (its baseline): no figure may count
   * them. −∞ when nothing was calibrated on the machine's own data.
   */
  calibrationEndMs: number;
  baseline?: MachineBaseline;
  regimes?: { hoursByRegime: number[]; unseenHours: number; unassignedHours: number };
  /** Why the machine cannot be normalised (no valid baseline): it must be judged insufficient-data, never scored raw. */
  refusal?: string;
}

export interface PrepareInput {
  /** The model's input signals (regime signals are read from `series` besides). */
  signals: readonly string[];
  series: SeriesBySignal;
  /** Failures and maintenances (labels). */
  events: readonly TimedEvent[];
  horizonMs: number;
  /** The data period the automatic baseline is sought in. */
  dataFromMs: number;
  dataToMs: number;
  /** A baseline period set for this machine (after an overhaul), with the series that cover it when they differ from `series`. */
  explicit?: { fromMs: number; toMs: number; version: number; series?: SeriesBySignal };
}

/**
 * THE preparation of one machine's series for a model — used by the trainer (on the pilot), the
 * reference profile, the evaluation (on every machine) and production scoring, so a model never
 * sees a machine normalised one way in training and another in scoring.
 * - none: the series as stored;
 * - per-machine-baseline: the machine's baseline period (explicit, or the first free stretch of
 *   the data: `baselinePeriod`), its level and spread there (`estimateBaseline`), checked
 *   (`baselineValidity`); a machine without a valid baseline is refused, never scored raw;
 * - per-regime: each sample against the pilot's regime of its hour (`normalizeByRegime`); hours in
 *   a regime the pilot never ran become gaps, counted as `unseenHours`.
 */
export function prepareMachineSeries(normalization: Normalization, input: PrepareInput): PreparedSeries {
  if (normalization.method === 'none') return { series: input.series, calibrationEndMs: -Infinity };
  if (normalization.method === 'per-regime') {
    const r = normalizeByRegime(input.series, normalization.regimes);
    return {
      series: r.series,
      calibrationEndMs: -Infinity,
      regimes: { hoursByRegime: r.hoursByRegime, unseenHours: r.unseenHours, unassignedHours: r.unassignedHours },
    };
  }
  const { explicit } = input;
  const period = baselinePeriod({
    dataFromMs: explicit ? explicit.fromMs : input.dataFromMs,
    dataToMs: explicit ? explicit.toMs : input.dataToMs,
    events: input.events,
    horizonMs: input.horizonMs,
    days: normalization.baselineMs / DAY_MS,
    ...(explicit ? { explicit: { fromMs: explicit.fromMs, toMs: explicit.toMs } } : {}),
  });
  if (!period.ok) return { series: input.series, calibrationEndMs: -Infinity, refusal: `no valid baseline: ${period.reason}` };
  const source = explicit?.series ?? input.series;
  const estimate = estimateBaseline(input.signals, source, period);
  const validity = baselineValidity(estimate, source, input.events, input.horizonMs);
  const baseline: MachineBaseline = { ...estimate, source: explicit ? 'explicit' : 'auto', explicitVersion: explicit?.version ?? null, validity };
  if (!validity.valid) {
    return {
      series: input.series,
      calibrationEndMs: period.toMs,
      baseline,
      refusal: `no valid baseline: ${validity.reasons.map((r) => r.message).join('; ')}`,
    };
  }
  return { series: normalizeSeries(input.series, estimate), calibrationEndMs: period.toMs, baseline };
}

/** The signals a model reads from the store: its inputs, plus the regime signals of a per-regime model. */
export function signalsToRead(signals: readonly string[], normalization: Normalization): string[] {
  if (normalization.method !== 'per-regime') return [...signals];
  return [...new Set([...signals, ...normalization.regimes.regimeSignals])];
}
