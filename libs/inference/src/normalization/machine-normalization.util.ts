import { DAY_MS } from '@fleetgate/common';
import { SeriesBySignal } from '../features/feature-grid.util';
import { TimedEvent } from '../features/healthy-windows.util';
import { baselinePeriod } from './baseline-period.util';
import { Baseline, baselineValidity, BaselineValidity, estimateBaseline, SignalBaseline } from './baseline.util';
import { NORMALIZATION_THRESHOLDS } from './normalization-thresholds';
import { normalizeSeries } from './normalize.util';
import { machineRegimeLevels, normalizeByRegime, Regimes } from './regimes.util';

/** How a model expects its input signals: raw canonical units, each machine against its own baseline, or per operating regime. */
export type Normalization =
  | { method: 'none' }
  /** With `regimes`: each machine's own baseline level and spread in each of the pilot's operating regimes. */
  | { method: 'per-machine-baseline'; baselineMs: number; regimes?: Regimes }
  | { method: 'per-regime'; regimes: Regimes };

export const NO_NORMALIZATION: Normalization = { method: 'none' };

/** Default baseline length: two weeks hold every weekday twice and give the trend test 14 daily levels. */
export const DEFAULT_BASELINE_MS = 14 * DAY_MS;

export interface MachineBaseline extends Baseline {
  source: 'auto' | 'explicit';
  /** The explicit baseline's version (set through the api), null for the automatic one. */
  explicitVersion: number | null;
  validity: BaselineValidity;
  /**
   * Per-regime baselines: the machine's own level and spread of each signal in each pilot regime
   * (`signals` then describe the regime-normalised baseline, ≈ 0 and 1). Absent otherwise.
   */
  regimeLevels?: SignalBaseline[][];
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
  if (normalization.regimes) return perRegimeBaseline(normalization.regimes, input, source, period, explicit?.version ?? null);
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

/**
 * Per-machine baselines within the pilot's operating regimes: the machine's own level and spread
 * per regime over its baseline period (`machineRegimeLevels`), every sample against its hour's
 * regime; the validity checks (trend, hours) then run on the regime-normalised baseline, where a
 * regime switch is no trend. Hours in a regime the pilot never ran, or that the baseline did not
 * cover, become gaps and count as unseen.
 */
function perRegimeBaseline(
  pilotRegimes: Regimes,
  input: PrepareInput,
  source: SeriesBySignal,
  period: { fromMs: number; toMs: number },
  explicitVersion: number | null,
): PreparedSeries {
  const own = machineRegimeLevels(pilotRegimes, source, period, NORMALIZATION_THRESHOLDS.baseline.minHours);
  const inBaseline = normalizeByRegime(source, own).series;
  const estimate = estimateBaseline(input.signals, inBaseline, period);
  const validity = baselineValidity(estimate, inBaseline, input.events, input.horizonMs);
  const baseline: MachineBaseline = {
    ...estimate,
    source: explicitVersion === null ? 'auto' : 'explicit',
    explicitVersion,
    validity,
    regimeLevels: own.regimes.map((r) => r.levels),
  };
  if (!validity.valid)
    return {
      series: input.series,
      calibrationEndMs: period.toMs,
      baseline,
      refusal: `no valid baseline: ${validity.reasons.map((r) => r.message).join('; ')}`,
    };
  const r = normalizeByRegime(input.series, own);
  // A regime the baseline did not cover has no level: its hours are as unknown as an unseen regime's.
  const uncovered = own.regimes.map((g) => g.levels.some((l) => !Number.isFinite(l.level)));
  const unseenHours = r.unseenHours + r.hoursByRegime.reduce((a, h, i) => a + (uncovered[i] ? h : 0), 0);
  return {
    series: r.series,
    calibrationEndMs: period.toMs,
    baseline,
    regimes: { hoursByRegime: r.hoursByRegime.map((h, i) => (uncovered[i] ? 0 : h)), unseenHours, unassignedHours: r.unassignedHours },
  };
}

/**
 * A machine's series against a baseline stored earlier (pinned on a deployment): the same
 * arithmetic `prepareMachineSeries` applied when the baseline was estimated, without estimating
 * it again — what production scoring applies.
 */
export function applyBaseline(
  normalization: Normalization,
  series: SeriesBySignal,
  baseline: Pick<MachineBaseline, 'signals' | 'regimeLevels'>,
): SeriesBySignal {
  if (normalization.method !== 'per-machine-baseline') throw new RangeError(`applyBaseline: a ${normalization.method} model has no per-machine baseline`);
  if (!normalization.regimes) return normalizeSeries(series, baseline.signals);
  if (!baseline.regimeLevels) throw new RangeError('applyBaseline: the baseline holds no per-regime levels, the model needs them');
  const levels = baseline.regimeLevels;
  return normalizeByRegime(series, { ...normalization.regimes, regimes: normalization.regimes.regimes.map((r, i) => ({ ...r, levels: levels[i] })) }).series;
}

/** The signals a model reads from the store: its inputs, plus the regime signals of a per-regime model. */
export function signalsToRead(signals: readonly string[], normalization: Normalization): string[] {
  const regimes = normalization.method === 'none' ? undefined : normalization.regimes;
  if (!regimes) return [...signals];
  return [...new Set([...signals, ...regimes.regimeSignals])];
}
