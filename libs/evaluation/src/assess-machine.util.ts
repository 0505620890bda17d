import { HOUR_MS, Series } from '@fleetgate/common';
import {
  FeatureWindows,
  healthyWindowMask,
  levelsOfBlocks,
  PreparedSeries,
  signalLevelsWithBlocks,
  SignalRelations,
  TimedEvent,
  unhealthyRanges,
} from '@fleetgate/inference';
import { ModelReading } from '@fleetgate/registry';
import { HourlySeries } from '@fleetgate/telemetry';
import {
  AlarmValueCounts,
  alarmValueCounts,
  histogram,
  labelledPerformance,
  LabelledPerformance,
  median,
  orientedAlarms,
  psi,
  quantile,
  referenceBins,
  sortedCopy,
} from '@fleetgate/stats';
import { alarmTimeline, AlarmTimeline } from './alarm-timeline.util';
import { ThresholdEvidence } from './calibration.util';
import { NormalizationEvidence, normalizationFindings } from './normalization-evidence.util';
import { withDomainIntervals } from './domain-interval.util';
import { domainChecks, DomainCheck } from './domain.util';
import { featureDrift, FeatureDrift } from './feature-drift.util';
import { hourlyDataSpan, hourlyLevelBlocks, hourlySeriesQuality } from './hourly-input.util';
import { ProfileView } from './profile-view.util';
import { THRESHOLDS } from './thresholds';
import { decideVerdict, trainingVerdict, Verdict } from './verdict.util';

export interface SignalQuality {
  signal: string;
  present: boolean;
  gapFraction: number;
  longestGapHours: number;
}

export interface MachineAssessment {
  verdict: Verdict;
  reasons: string[];
  coverage: {
    requiredSignals: string[];
    missingSignals: string[];
    windowsTotal: number;
    windowsUsable: number;
    usableFraction: number;
    healthyWindows: number;
  };
  quality: SignalQuality[];
  domain: DomainCheck[];
  drift: { features: FeatureDrift[]; maxPsi: number; medianPsi: number; featuresOverPsiMajor: number };
  output: { psi: number; healthyAlarmRate: number; alarmRate: number; pilotAlarmRate: number; alarmRateRatio: number; medianScore: number };
  performance: LabelledPerformance | null;
  /**
   * Machine error and alarm events (kind `error`) over the evaluated period: context for the
   * reader, never a label — they do not touch healthy windows, drift, alarm rates or the verdict.
   * Always set by `assessMachine`; absent from assessments stored before error events existed.
   */
  context?: ErrorContext;
  /** When the model was scored and alarmed (absent from assessments stored before it existed). */
  timeline?: AlarmTimeline;
  /** Normalised models: the baseline or regimes the machine was expressed against, and that normalization's domain check. */
  normalization?: NormalizationEvidence;
  /** The alarm threshold the figures were measured with (absent from assessments stored before it was recorded: the version's). */
  threshold?: ThresholdEvidence;
  /**
   * What the alarms were worth, in counts (`alarmValueCounts`: lead time of each detected failure,
   * false-alarm episodes, machine-hours scored); the gate prices them with a policy's costs. Absent
   * from assessments stored before it: their net value is insufficient evidence.
   */
  value?: AlarmValueCounts;
  /**
   * What the evaluation read: the hourly rollups, or the samples and why (`hourlyRefusal`, or
   * FLEETGATE_EVALUATION_READS=samples). Same figures either way. Absent from assessments stored before it.
   */
  reads?: { from: 'rollups' } | { from: 'samples'; why: string };
}

export interface ErrorContext {
  /** Error events in the evaluated period. */
  errorEvents: number;
  /** Of those, the ones inside at least one window the model alarmed on ([end − window, end)). */
  errorEventsInAlarmWindows: number;
}

/** Gap share and longest gap of one series over the evaluated period. */
export function seriesQuality(signal: string, s: Series | undefined, fromMs: number, toMs: number): SignalQuality {
  if (!s) return { signal, present: false, gapFraction: 1, longestGapHours: (toMs - fromMs) / HOUR_MS };
  const expected = Math.max(1, Math.round((toMs - fromMs) / s.intervalMs));
  let present = 0;
  let run = 0;
  let longest = 0;
  for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i];
    if (v === v) {
      present++;
      run = 0;
    } else if (++run > longest) longest = run;
  }
  // Samples of the period before the series starts or after it ends are missing too.
  const outside = Math.max(0, expected - s.values.length);
  return {
    signal,
    present: true,
    gapFraction: Math.min(1, (expected - present) / expected),
    longestGapHours: (Math.max(longest, outside) * s.intervalMs) / HOUR_MS,
  };
}

/**
 * Everything the evaluation says about one machine, from its feature windows and the
 * model's scores on them. Pure: the caller reads telemetry and runs the model.
 */
export function assessMachine(args: {
  model: Pick<ModelReading, 'recipe' | 'horizonMs' | 'output'>;
  profile: ProfileView;
  series: Record<string, Series | undefined>;
  /**
   * The same signals as hourly rollups (`hourlyRefusal` accepted them): span, quality and levels
   * come from these instead of `series`, which may then be empty. Same figures.
   */
  hourly?: Readonly<Record<string, HourlySeries | undefined>>;
  missingSignals: string[];
  /** Failures and maintenance only (they decide healthy windows); error events go in `errorEventsMs`. */
  events: readonly TimedEvent[];
  /** Times of the machine's error/alarm events (context; counted, never labels). */
  errorEventsMs?: readonly number[];
  windows: FeatureWindows | null;
  scores: Float32Array;
  fromMs: number;
  toMs: number;
  /** Seeds the domain intervals' bootstrap with the machine (its asset id), so a rerun gives the same intervals. */
  seedKey: string;
  /**
   * A normalised model: how the series were prepared (`prepareMachineSeries`; `series` and
   * `windows` are the prepared ones, `fromMs` already past the calibration) and the pilot's
   * signal relations from the reference profile.
   */
  normalization?: { method: 'per-machine-baseline' | 'per-regime'; prepared: PreparedSeries; pilotRelations: SignalRelations | null };
  /** The threshold to measure with (`machineThreshold`); default the version's. */
  threshold?: ThresholdEvidence;
  /** The machine is one the version was trained on: verdict `training` (`trainingVerdict`), figures kept. */
  training?: boolean;
}): MachineAssessment {
  const { model, profile, windows, scores } = args;
  const t = THRESHOLDS;
  const signals = model.recipe.signals;
  // Judge coverage over the part of the period the machine has data at all: an engine run to
  // failure before the period ends, or a machine commissioned mid-period, is not "missing" there.
  const hourly = args.hourly;
  const span = hourly
    ? hourlyDataSpan(
        signals.map((s) => hourly[s]),
        args.fromMs,
        args.toMs,
      )
    : dataSpan(
        signals.map((s) => args.series[s]),
        args.fromMs,
        args.toMs,
      );
  const quality = signals.map((s) =>
    hourly ? hourlySeriesQuality(s, hourly[s], span.fromMs, span.toMs) : seriesQuality(s, args.series[s], span.fromMs, span.toMs),
  );
  const rows = windows?.rows ?? 0;
  const gridStartMs = (hourly ? hourly[signals[0]] : args.series[signals[0]])?.startMs;
  const total = windows ? Math.max(rows, windowsWithin(windows.total, gridStartMs, model.recipe.windowMs, model.recipe.stepMs, span)) : 0;
  const healthy = windows ? healthyWindowMask(windows.windowEndMs, model.recipe.windowMs, args.events, model.horizonMs) : new Uint8Array(0);
  const healthyWindows = countSet(healthy, rows);

  const present = signals.filter((s) => !args.missingSignals.includes(s));
  const excluded = unhealthyRanges(args.events, model.horizonMs);
  const norm = args.normalization;
  const findings = norm && !args.missingSignals.length ? normalizationFindings(norm.method, norm.prepared, present, norm.pilotRelations, excluded) : null;
  const levelChecks = !args.missingSignals.length && (findings?.levelChecks ?? true);
  const { levels, blocks } = !levelChecks
    ? { levels: [], blocks: new Map() }
    : hourly
      ? levelsOfBlocks(present, (s) => (hourly[s] ? hourlyLevelBlocks(hourly[s], excluded) : undefined))
      : signalLevelsWithBlocks(present, args.series, excluded);
  const domain = withDomainIntervals(domainChecks(levels, profile.signals), blocks, profile.signals, args.seedKey);
  const drift = windows && healthyWindows > 0 ? featureDrift(windows.features, windows.cols, healthy, profile.features) : [];
  const psis = drift.map((d) => d.psi).filter(Number.isFinite);

  const { higherIsWorse } = model.output;
  const threshold = args.threshold?.value ?? model.output.threshold;
  const { oriented, alarms } = orientedAlarms(scores, higherIsWorse, threshold);
  const alarmCount = countSet(alarms, rows);
  const healthyAlarms = countBoth(alarms, healthy, rows);
  const healthyAlarmRate = healthyWindows ? healthyAlarms / healthyWindows : NaN;
  const referenceRate = Math.max(Number.isFinite(profile.alarmRate) ? profile.alarmRate : 0, t.minReferenceAlarmRate);
  const failures = args.events.filter((e) => e.kind === 'failure').map((e) => e.ts);
  const performance = windows && rows ? labelledPerformance(windows.windowEndMs, alarms, oriented, failures, model.horizonMs, model.recipe.stepMs) : null;

  const judged = decideVerdict({
    missingSignals: args.missingSignals,
    usableFraction: total ? rows / total : 0,
    healthyWindows,
    domain,
    healthyAlarmRate: Number.isFinite(healthyAlarmRate) ? healthyAlarmRate : 0,
    pilotAlarmRate: referenceRate,
    performance,
    pilotRecall: profile.recall,
    ...(findings
      ? {
          normalizationInsufficient: findings.insufficient,
          normalizationOutside: findings.outside,
          normalizationRefused: !!findings.evidence.refusal,
          inDomain: findings.inDomain,
        }
      : {}),
  });
  const { verdict, reasons } = args.training ? trainingVerdict(judged) : judged;
  return {
    verdict,
    reasons,
    coverage: {
      requiredSignals: signals,
      missingSignals: args.missingSignals,
      windowsTotal: total,
      windowsUsable: rows,
      usableFraction: total ? rows / total : 0,
      healthyWindows,
    },
    quality,
    domain,
    drift: {
      features: drift,
      maxPsi: psis.length ? Math.max(...psis) : NaN,
      medianPsi: median(psis),
      featuresOverPsiMajor: psis.filter((p) => p > t.psiMajor).length,
    },
    output: {
      psi: outputPsi(profile.outputSorted, scores, healthy),
      healthyAlarmRate,
      alarmRate: rows ? alarmCount / rows : NaN,
      pilotAlarmRate: profile.alarmRate,
      alarmRateRatio: healthyAlarmRate / referenceRate,
      medianScore: rows ? quantile(sortedCopy(scores), 0.5) : NaN,
    },
    performance,
    timeline: alarmTimeline(windows?.windowEndMs ?? [], alarms, rows, model.recipe.windowMs, model.recipe.stepMs),
    value: alarmValueCounts(windows && rows ? windows.windowEndMs : [], alarms, failures, model.horizonMs, model.recipe.stepMs),
    context: errorContext(args.errorEventsMs ?? [], windows, alarms, model.recipe.windowMs, args.fromMs, args.toMs),
    ...(findings ? { normalization: findings.evidence } : {}),
    ...(args.threshold ? { threshold: args.threshold } : {}),
  };
}

// The loops over windows live in these small functions, not in `assessMachine`: a loop there made
// V8 optimise the whole of it — with everything it calls inlined, and again after each machine
// whose arguments had another shape — about 2 s of compiling in a 400-machine run.

/** How many of the first `rows` flags are set. */
function countSet(flags: ArrayLike<number>, rows: number): number {
  let n = 0;
  for (let r = 0; r < rows; r++) n += flags[r];
  return n;
}

/** How many of the first `rows` windows have both flags set. */
function countBoth(a: ArrayLike<number>, b: ArrayLike<number>, rows: number): number {
  let n = 0;
  for (let r = 0; r < rows; r++) if (b[r]) n += a[r];
  return n;
}

/** How many error events fall in the period, and how many of them inside an alarmed window. */
export function errorContext(
  errorEventsMs: readonly number[],
  windows: Pick<FeatureWindows, 'rows' | 'windowEndMs'> | null,
  alarms: ArrayLike<number>,
  windowMs: number,
  fromMs: number,
  toMs: number,
): ErrorContext {
  const inPeriod = errorEventsMs.filter((t) => t >= fromMs && t < toMs);
  let inAlarm = 0;
  const ends = windows?.windowEndMs;
  const rows = windows?.rows ?? 0;
  for (const t of inPeriod) {
    // Windows are in time order: start at the first that ends after t, stop once they start after it.
    let lo = 0;
    let hi = rows;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends![mid] > t) hi = mid;
      else lo = mid + 1;
    }
    for (let r = lo; r < rows && ends![r] - windowMs <= t; r++) {
      if (alarms[r]) {
        inAlarm++;
        break;
      }
    }
  }
  return { errorEvents: inPeriod.length, errorEventsInAlarmWindows: inAlarm };
}

/** From the first to the last present sample over all signals, within the period. */
export function dataSpan(series: ReadonlyArray<Series | undefined>, fromMs: number, toMs: number): { fromMs: number; toMs: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const s of series) {
    if (!s) continue;
    const v = s.values;
    let i = 0;
    while (i < v.length && v[i] !== v[i]) i++;
    let j = v.length - 1;
    while (j >= i && v[j] !== v[j]) j--;
    if (i <= j) {
      first = Math.min(first, s.startMs + i * s.intervalMs);
      last = Math.max(last, s.startMs + (j + 1) * s.intervalMs);
    }
  }
  return Number.isFinite(first) ? { fromMs: Math.max(fromMs, first), toMs: Math.min(toMs, last) } : { fromMs, toMs };
}

/** How many of the grid's windows lie inside the span (the feature builder counts windows over the whole grid). */
function windowsWithin(gridWindows: number, gridStartMs: number | undefined, windowMs: number, stepMs: number, span: { fromMs: number; toMs: number }): number {
  if (gridStartMs === undefined) return gridWindows;
  let n = 0;
  for (let w = 0; w < gridWindows; w++) {
    const start = gridStartMs + w * stepMs;
    if (start >= span.fromMs && start + windowMs <= span.toMs) n++;
  }
  return n;
}

function outputPsi(refSorted: ArrayLike<number>, scores: Float32Array, healthy: Uint8Array): number {
  if (refSorted.length === 0) return NaN;
  const sample = scores.filter((_, i) => healthy[i] === 1);
  if (sample.length === 0) return NaN;
  const edges = referenceBins(refSorted);
  return psi(histogram(refSorted, edges), histogram(sample, edges));
}
