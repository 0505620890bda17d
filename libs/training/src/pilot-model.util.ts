import { HOUR_MS, Series } from '@fleetgate/common';
import {
  Aggregation,
  buildFeatureWindows,
  DEFAULT_HEALTHY_HORIZON_MS,
  FeatureRecipe,
  FeatureWindows,
  fitRegimes,
  healthyWindowMask,
  MachineBaseline,
  Normalization,
  prepareMachineSeries,
  SeriesBySignal,
  signalLevels,
  TimedEvent,
  unhealthyRanges,
} from '@fleetgate/inference';
import { trainAnomalyModel } from './anomaly-model.util';
import { trainFailureModel } from './failure-model.util';
import { FlatSignal, flatSignals } from './flat-signals.util';
import { augmentOperatingPoint } from './operating-envelope.util';
import { TrainingBackend } from './tf-backend.util';
import { AnomalyModel, FailureModel } from './trained-model.types';
import { invalidOption } from './trainer.util';
import { poolLevels } from './training-machines.util';
import { anomalyTrainingSet, failureTrainingSet, failureWithinHorizonLabels, TrainingSet } from './training-set.util';
import { trainingErrors } from './training.exception';

export type PilotTask = 'anomaly-score' | 'failure-probability';

/** How windows are cut and summarised; the manifest's `input` records the same values. */
export interface PilotRecipe {
  windowMs: number;
  stepMs: number;
  aggregations: Aggregation[];
  minCoverage: number;
}

export const DEFAULT_PILOT_RECIPE: Readonly<PilotRecipe> = {
  windowMs: 6 * HOUR_MS,
  stepMs: HOUR_MS,
  aggregations: ['mean', 'std', 'min', 'max', 'slope'],
  minCoverage: 0.8,
};

/** Fewer usable windows than this and a model learns the noise of a few hours, not a machine. */
export const MIN_TRAINING_WINDOWS = 10;

/** The operating-envelope augmentation as it is recorded in the manifest's training metadata. */
export interface EnvelopeDescription {
  copies: number;
  levelShiftSigma: number;
  spread: [number, number];
}

const ENVELOPE: EnvelopeDescription = { copies: 4, levelShiftSigma: 1, spread: [0.5, 2] };

export interface PilotTrainOptions {
  task: PilotTask;
  /** Canonical signals the model reads, in feature order. */
  signals: string[];
  /** Overrides of DEFAULT_PILOT_RECIPE. */
  recipe?: Partial<PilotRecipe>;
  /**
   * failure-probability (required): a window is positive when a failure follows within
   * this horizon. An anomaly-score model's manifest names no horizon, so its healthy
   * windows use the platform default and this option is refused.
   */
  horizonMs?: number;
  epochs?: number;
  /** Same series, events, options and seed → byte-identical ONNX (default 42). */
  seed?: number;
  /** Train on envelope copies of the pilot's windows as well (default true). */
  envelope?: boolean;
  /**
   * Keep signals that are flat in the training period (constant, or at one value in ≥ 99 % of
   * their samples; see `flatSignals`). By default they are left out of the model: a model cannot
   * learn anything from them, and a constant input only makes every other machine's reading of
   * it look out of domain.
   */
  keepFlatSignals?: boolean;
  /**
   * How the model's inputs are prepared (default none). per-machine-baseline: the pilot's own
   * baseline (the first `baselineMs` of the period); per-regime: regimes are fitted on the
   * pilot's `regimeSignals` (read from `series`, never model inputs).
   */
  normalization?: PilotNormalization;
}

export type PilotNormalization =
  | { method: 'none' }
  /** With `regimeSignals`: the pilot's regimes are fitted, and every machine gets its own baseline within each. */
  | { method: 'per-machine-baseline'; baselineMs: number; regimeSignals?: string[] }
  | { method: 'per-regime'; regimeSignals: string[] };

export interface PilotModel {
  task: PilotTask;
  trainer: 'autoencoder' | 'mlp';
  onnx: Uint8Array;
  inputName: string;
  outputName: string;
  /** Alarm threshold: the anomaly model's training-score quantile, 0.5 for a failure probability. */
  threshold: number;
  /** The quantile of the training scores the anomaly threshold sits at (null for a failure probability). */
  thresholdQuantile: number | null;
  backend: TrainingBackend;
  epochs: number;
  seed: number;
  lossHistory: number[];
  recipe: FeatureRecipe;
  /** The horizon the healthy windows (and failure labels) were taken with. */
  horizonMs: number;
  featureNames: string[];
  cols: number;
  /** The training machines' own training windows (envelope copies not counted; `machines` splits them). */
  rows: number;
  /** Of those, windows labelled "failure within the horizon" (0 for an anomaly model). */
  positives: number;
  /** Rows the network saw, envelope copies included. */
  trainedRows: number;
  /** Windows that fit the series, those complete enough to use, and those skipped for missing data. */
  windows: { total: number; complete: number; skipped: number };
  envelope: EnvelopeDescription | null;
  /** Signals flat in the training period (asked for, then left out unless `keepFlatSignals`). */
  flatSignals: FlatSignal[];
  /** Of `options.signals`, those left out of the model (the flat ones, unless kept); `recipe.signals` holds the rest. */
  leftOutSignals: Array<{ signal: string; reason: string }>;
  /** The normalization as the manifest records it (per-regime: with the fitted regimes). */
  normalization: Normalization;
  /** per-machine-baseline: the pilot's own baseline the training windows were expressed against. */
  baseline: MachineBaseline | null;
  /** Every training machine (the pilot first): its own training windows, positives and baseline. */
  machines: Array<{ id: string; rows: number; positives: number; baseline: MachineBaseline | null }>;
}

/** One training machine's stored series and labelled events. */
export interface TrainingMachine {
  /** Its asset id: named in refusals and in the per-machine counts. */
  id: string;
  series: SeriesBySignal;
  events: readonly TimedEvent[];
}

/**
 * Trains the platform's own pilot model on one machine: feature windows per the recipe,
 * the training set (an anomaly model learns the healthy windows of the platform's one
 * definition; a failure model learns "failure within the horizon" labels), copies moved
 * across the operating envelope, then the autoencoder or the MLP.
 */
export async function trainPilotModel(rawSeries: SeriesBySignal, events: readonly TimedEvent[], options: PilotTrainOptions): Promise<PilotModel> {
  return trainFleetModel([{ id: 'pilot', series: rawSeries, events }], options);
}

/**
 * `trainPilotModel` over several machines (the first is the pilot): each machine's series are
 * prepared on their own with `prepareMachineSeries` (per-machine-baseline: each against its own
 * baseline; none: raw, so the machines are pooled as they are), cut into windows and labelled on
 * their own, and the training sets are concatenated in the given order. The operating envelope
 * is placed around the pooled healthy levels of all training machines (`poolLevels`: the
 * reference profile pools them the same way). Regimes (per-regime, or per-machine-baseline with
 * regime signals) are fitted on the pilot's healthy hours; a signal is left out as flat only when
 * it is flat on every training machine. One machine gives exactly `trainPilotModel`'s model.
 */
export async function trainFleetModel(machines: readonly TrainingMachine[], options: PilotTrainOptions): Promise<PilotModel> {
  const { task } = options;
  if (machines.length === 0) invalidOption('machines', 'at least one training machine is needed');
  const ids = machines.map((m) => m.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) invalidOption('machines', `training machine ${repeated} is given twice`);
  const horizonMs = pilotHorizonMs(options);
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) invalidOption('seed', `seed must be an integer, got ${seed}`);
  const pilot = machines[0];
  const flat = flatSignals(pilot.series, options.signals).filter((f) => machines.every((m, i) => i === 0 || flatSignals(m.series, [f.signal]).length > 0));
  const leftOutSignals = options.keepFlatSignals ? [] : flat.map((f) => ({ signal: f.signal, reason: `flat: ${f.reason}` }));
  const signals = options.signals.filter((s) => !leftOutSignals.some((l) => l.signal === s));
  if (signals.length === 0) throw trainingErrors.onlyFlatSignals(flat.map((f) => f.signal));
  const recipe = pilotRecipe({ ...options, signals });
  const normalization = pilotNormalization(options.normalization, pilot.series, signals, pilot.events, horizonMs);
  if (task === 'failure-probability' && !machines.some((m) => m.events.some((e) => e.kind === 'failure'))) throw trainingErrors.noLabelledFailure();

  const parts = machines.map((m) => {
    const prepared = prepareMachineSeries(normalization, { signals, series: m.series, events: m.events, horizonMs, ...seriesSpan(m.series, signals) });
    if (prepared.refusal) throw trainingErrors.noValidBaseline(prepared.refusal, machines.length > 1 ? m.id : undefined);
    const windows = buildFeatureWindows(recipe, prepared.series);
    const set = trainingSet(task, windows, recipe.windowMs, m.events, horizonMs);
    const levels = signalLevels(recipe.signals, prepared.series, unhealthyRanges(m.events, horizonMs));
    return { id: m.id, prepared, windows, set, levels };
  });
  const windows = parts[0].windows;
  const set = concatSets(parts.map((p) => p.set));
  const total = { total: sum(parts, (p) => p.windows.total), complete: sum(parts, (p) => p.windows.rows), skipped: sum(parts, (p) => p.windows.skipped) };
  if (set.rows < MIN_TRAINING_WINDOWS) throw trainingErrors.tooFewWindows(set.rows, total.complete, total.total, MIN_TRAINING_WINDOWS);

  // Train for the envelope the model is meant to serve, not only the pilot's own operating point.
  const envelope = options.envelope === false ? null : ENVELOPE;
  const augmented = envelope
    ? augmentOperatingPoint({
        features: set.features,
        rows: set.rows,
        featureNames: windows.featureNames,
        levels: Object.fromEntries(recipe.signals.map((signal, k) => [signal, poolLevels(parts.map((p) => p.levels[k]))])),
        labels: set.labels,
        copies: envelope.copies,
        maxShiftSigma: envelope.levelShiftSigma,
        minSpread: envelope.spread[0],
        maxSpread: envelope.spread[1],
        seed,
      })
    : { features: set.features, rows: set.rows, labels: set.labels };
  const common = {
    features: augmented.features,
    rows: augmented.rows,
    cols: set.cols,
    featureNames: windows.featureNames,
    seed,
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
  };
  const model: AnomalyModel | FailureModel =
    task === 'anomaly-score' ? await trainAnomalyModel(common) : await trainFailureModel({ ...common, labels: augmented.labels!, outputName: 'prob' });
  model.dispose();
  return {
    task,
    trainer: task === 'anomaly-score' ? 'autoencoder' : 'mlp',
    onnx: model.onnx,
    inputName: model.inputName,
    outputName: model.outputName,
    threshold: model.task === 'anomaly-score' ? model.threshold : 0.5,
    thresholdQuantile: model.task === 'anomaly-score' ? model.thresholdQuantile : null,
    backend: model.backend,
    epochs: model.epochs,
    seed: model.seed,
    lossHistory: model.lossHistory,
    recipe,
    horizonMs,
    featureNames: windows.featureNames,
    cols: set.cols,
    rows: set.rows,
    positives: set.positives,
    trainedRows: augmented.rows,
    windows: total,
    envelope,
    flatSignals: flat,
    leftOutSignals,
    normalization,
    baseline: parts[0].prepared.baseline ?? null,
    machines: parts.map((p) => ({ id: p.id, rows: p.set.rows, positives: p.set.positives, baseline: p.prepared.baseline ?? null })),
  };
}

function pilotNormalization(
  n: PilotNormalization | undefined,
  series: SeriesBySignal,
  signals: string[],
  events: readonly TimedEvent[],
  horizonMs: number,
): Normalization {
  if (!n || n.method === 'none') return { method: 'none' };
  if (n.method !== 'per-regime' && n.method !== 'per-machine-baseline')
    invalidOption('normalization', `normalization must be none, per-machine-baseline or per-regime, got "${String((n as { method: unknown }).method)}"`);
  if (n.method === 'per-machine-baseline' && !(n.baselineMs > 0))
    invalidOption('normalization', `the baseline length must be positive, got ${n.baselineMs} ms`);
  const regimeSignals = n.regimeSignals;
  if (n.method === 'per-machine-baseline' && !regimeSignals) return { method: 'per-machine-baseline', baselineMs: n.baselineMs };
  if (!regimeSignals?.length) invalidOption('normalization', `${n.method} needs at least one regime signal`);
  const both = regimeSignals!.filter((s) => signals.includes(s));
  if (both.length) invalidOption('normalization', `regime signals are not model inputs: ${both.join(', ')} is in both`);
  // The pilot's operating regimes, fitted on its healthy hours.
  const regimes = fitRegimes({ regimeSignals: regimeSignals!, signals, series, excluded: unhealthyRanges(events, horizonMs) });
  return n.method === 'per-regime' ? { method: 'per-regime', regimes } : { method: 'per-machine-baseline', baselineMs: n.baselineMs, regimes };
}

/** From the first sample to the end of the longest of the model's series: where the pilot's automatic baseline is sought. */
function seriesSpan(series: SeriesBySignal, signals: readonly string[]): { dataFromMs: number; dataToMs: number } {
  const list = signals.map((s) => (series instanceof Map ? series.get(s) : (series as Record<string, Series | undefined>)[s])).filter((s): s is Series => !!s);
  if (!list.length) return { dataFromMs: 0, dataToMs: 0 };
  return {
    dataFromMs: Math.min(...list.map((s) => s.startMs)),
    dataToMs: Math.max(...list.map((s) => s.startMs + s.values.length * s.intervalMs)),
  };
}

function pilotHorizonMs(options: PilotTrainOptions): number {
  if (options.task === 'anomaly-score') {
    if (options.horizonMs !== undefined) {
      invalidOption('horizonMs', 'an anomaly-score model takes no horizon: its healthy windows use the platform default, as its evaluation will');
    }
    return DEFAULT_HEALTHY_HORIZON_MS;
  }
  if (options.task !== 'failure-probability') invalidOption('task', `task must be anomaly-score or failure-probability, got "${String(options.task)}"`);
  const { horizonMs } = options;
  if (horizonMs === undefined) invalidOption('horizonMs', 'a failure-probability model needs a horizon: failure within how long after a window?');
  if (!(horizonMs > 0 && Number.isFinite(horizonMs))) invalidOption('horizonMs', `horizonMs must be a positive number of milliseconds, got ${horizonMs}`);
  return horizonMs;
}

function pilotRecipe(options: PilotTrainOptions): FeatureRecipe {
  const given = options.recipe ?? {};
  return {
    signals: [...options.signals],
    windowMs: given.windowMs ?? DEFAULT_PILOT_RECIPE.windowMs,
    stepMs: given.stepMs ?? DEFAULT_PILOT_RECIPE.stepMs,
    aggregations: [...(given.aggregations ?? DEFAULT_PILOT_RECIPE.aggregations)],
    minCoverage: given.minCoverage ?? DEFAULT_PILOT_RECIPE.minCoverage,
  };
}

function trainingSet(task: PilotTask, windows: FeatureWindows, windowMs: number, events: readonly TimedEvent[], horizonMs: number): TrainingSet {
  if (task === 'anomaly-score') {
    return anomalyTrainingSet(windows.features, windows.cols, healthyWindowMask(windows.windowEndMs, windowMs, events, horizonMs));
  }
  // A training machine without a failure gives negatives only (trainFleetModel checks that some machine has one).
  const failures = events.filter((e) => e.kind === 'failure').map((e) => e.ts);
  return failureTrainingSet(windows.features, windows.cols, failureWithinHorizonLabels(windows.windowEndMs, windowMs, failures, horizonMs));
}

/** The machines' training sets one after the other (one set is returned as it is). */
function concatSets(sets: readonly TrainingSet[]): TrainingSet {
  if (sets.length === 1) return sets[0];
  const cols = sets[0].cols;
  const rows = sum(sets, (x) => x.rows);
  const features = new Float32Array(rows * cols);
  const labels = sets[0].labels ? new Uint8Array(rows) : undefined;
  let at = 0;
  for (const x of sets) {
    features.set(x.features, at * cols);
    if (labels) labels.set(x.labels!, at);
    at += x.rows;
  }
  return { features, rows, cols, positives: sum(sets, (x) => x.positives), ...(labels ? { labels } : {}) };
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((a, x) => a + of(x), 0);
}
