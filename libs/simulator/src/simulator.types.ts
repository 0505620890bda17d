import type { CanonicalSignal, TagConvention } from './signal-catalog.util';

export type MachineModelCode = 'P200' | 'P300' | 'K10' | 'X5';
export type Criticality = 'low' | 'medium' | 'high';
export type FailureComponent = 'bearing' | 'impeller' | 'winding';
export type MaintenanceComponent = FailureComponent | 'inspection' | 'lubrication' | 'alignment';

/**
 * How a machine differs from the pilot, i.e. which remedy could make a pilot model work on it:
 * `level-spread` only in level and spread (a per-machine baseline fixes it), `coupling` in how
 * its signals relate (marginals unchanged), `degrading-at-start` already degrading when its
 * history starts (a baseline fitted on its first days learns the fault), `multi-regime` runs at
 * three speed setpoints (a per-regime normalization keyed on `speed` fixes it).
 */
export type PlantedKind = 'level-spread' | 'coupling' | 'degrading-at-start' | 'multi-regime';

export interface FleetOptions {
  machines: number;
  days: number;
  seed: number;
  /** epoch ms (UTC) of the first sample; default 2026-01-01T00:00Z */
  startMs?: number;
  /**
   * Sampling interval of the stored series, whole minutes dividing a day (default 1 min). The
   * fleet is generated minute by minute either way and read at every interval: an hourly fleet
   * holds the instantaneous reading at the top of each hour, so levels, spreads and the truth
   * labels are those of the 1-minute fleet with the same seed.
   */
  intervalMs?: number;
  /**
   * Probability that a non-pilot machine's failure is recorded as a `failure` event (default
   * 0.7, in [0, 1]). The pilot's failures are always recorded: it is the instrumented machine
   * whose labels train the model.
   */
  labelShare?: number;
  /** The pilot runs the three speed regimes too (its kind is then 'multi-regime'); default false. */
  multiRegimePilot?: boolean;
}

/** Healthy per-sample mean and standard deviation of one signal, in canonical units. */
export interface HealthyParams {
  mean: number;
  sigma: number;
}

/** How one signal of a machine compares with the pilot's planted healthy behaviour. */
export interface SignalDomain {
  /** (machine mean − pilot mean) / pilot σ */
  meanShiftSigmas: number;
  /** machine σ / pilot σ */
  sigmaRatio: number;
  /**
   * |meanShiftSigmas| ≤ 1 and 0.5 ≤ sigmaRatio ≤ 2, and the machine has the signal — an
   * explanation of where the machine sits, not the grade of whether a model works there
   */
  inDomain: boolean;
}

export interface SitePlan {
  code: string;
  name: string;
  lines: string[];
}

export interface MachinePlan {
  index: number;
  assetId: string;
  machineModel: MachineModelCode;
  manufacturer: string;
  /** ISO date (YYYY-MM-DD) */
  commissionedAt: string;
  /** age at the fleet's start epoch, from commissionedAt */
  ageYears: number;
  criticality: Criticality;
  site: string;
  line: string;
  convention: TagConvention;
  /** raw tags the machine reports, in canonical signal order (a missing signal has none) */
  rawTags: string[];
  /** which canonical signal each raw tag carries — ground truth for mapping tests */
  tagSignals: Record<string, CanonicalSignal>;
  /** raw unit of each tag (°F, in/s, psi, W or the canonical unit) */
  tagUnits: Record<string, string>;
  /** planted healthy behaviour per canonical signal (also for a signal the machine lacks) */
  healthy: Record<CanonicalSignal, HealthyParams>;
  missingSignals: CanonicalSignal[];
  isPilot: boolean;
  kind: PlantedKind;
  /** planted envelope vs the pilot's (nominal parameters): an explanation, not the grade */
  inDomain: boolean;
  domain: Record<CanonicalSignal, SignalDomain>;
}

export interface FleetPlan {
  seed: number;
  days: number;
  startMs: number;
  /** of the stored series (the generator's own step stays 1 minute, SAMPLE_INTERVAL_MS) */
  intervalMs: number;
  samplesPerSignal: number;
  /** share of non-pilot failures recorded as events */
  labelShare: number;
  sites: SitePlan[];
  machineModels: Array<{ code: MachineModelCode; manufacturer: string }>;
  pilotAssetId: string;
  machines: MachinePlan[];
}

export interface MachineEvent {
  /** ISO timestamp */
  timestamp: string;
  kind: 'failure' | 'maintenance';
  component: MaintenanceComponent;
}

export interface FailureTruth {
  component: FailureComponent;
  /** start of the degradation run-up (ISO) */
  onset: string;
  /** the failure: the machine stops here (ISO) */
  failure: string;
  /** end of the repair downtime, health restored (ISO) */
  repaired: string;
  /**
   * Recorded as a `failure` event. A withheld failure has no failure event, but its repair's
   * `maintenance` event is still there: the work order exists even when nobody logged a failure.
   */
  labelled: boolean;
}

/** What a 'coupling' machine plants: these signals relate differently to the shared load. */
export interface CouplingTruth {
  signals: CanonicalSignal[];
  description: string;
}

/** What a 'multi-regime' machine plants. Setpoints are multiples of the nominal speed (healthy.speed.mean). */
export interface RegimesTruth {
  signal: 'speed';
  setpoints: number[];
  /** consecutive dwell periods covering the history; `from` inclusive, `to` exclusive (ISO) */
  periods: Array<{ from: string; to: string; setpoint: number }>;
}

export type DowntimeReason = 'unplanned' | 'repair' | 'planned-maintenance';

export interface DowntimeTruth {
  /** ISO, inclusive */
  from: string;
  /** ISO, exclusive */
  to: string;
  reason: DowntimeReason;
}

export type SensorFaultKind = 'dropout' | 'stuck' | 'spike';

export interface SensorFaultTruth {
  signal: CanonicalSignal;
  kind: SensorFaultKind;
  /** ISO, inclusive */
  from: string;
  /** ISO, exclusive (a spike covers one sample) */
  to: string;
}

export interface SampleCounts {
  present: number;
  missing: number;
}

export interface MachineTruth {
  assetId: string;
  machineModel: MachineModelCode;
  site: string;
  line: string;
  ageYears: number;
  convention: TagConvention;
  isPilot: boolean;
  kind: PlantedKind;
  /** only for kind 'coupling' */
  coupling?: CouplingTruth;
  /** only for kind 'multi-regime' */
  regimes?: RegimesTruth;
  /**
   * Planted envelope compared with the pilot's (nominal parameters): an explanation of why a
   * model may or may not work on the machine, not the grade (see grading).
   */
  inDomain: boolean;
  /** signals that put the machine out of domain (a missing signal counts) */
  outOfDomainSignals: CanonicalSignal[];
  /** the nominal regime's healthy behaviour (a multi-regime machine's ×1 setpoint) */
  healthy: Record<CanonicalSignal, HealthyParams>;
  domain: Record<CanonicalSignal, SignalDomain>;
  missingSignals: CanonicalSignal[];
  /** every planted failure, labelled or withheld, that happened before the end of the history */
  failures: FailureTruth[];
  /**
   * A run-up under way at the end: its first samples are in the data, its failure comes after the
   * end (a longer history or `simulate publish` has it in `failures`). Not a failure to catch, but
   * not healthy either.
   */
  runUpAtEnd?: { component: FailureComponent; onset: string; failure: string };
  downtime: DowntimeTruth[];
  sensorFaults: SensorFaultTruth[];
  /** per signal the machine reports (missing signals are absent here) */
  samples: Partial<Record<CanonicalSignal, SampleCounts>>;
}

export interface GeneratedMachine {
  startMs: number;
  intervalMs: number;
  /** raw tag → values in the tag's raw unit, one per interval, NaN = missing */
  tags: Record<string, Float32Array>;
  events: MachineEvent[];
  truth: MachineTruth;
}

export interface FleetTruth {
  seed: number;
  days: number;
  /** the history is [start, end) (ISO) */
  start: string;
  end: string;
  intervalMs: number;
  samplesPerSignal: number;
  pilotAssetId: string;
  labelShare: number;
  /** the signals compared with the pilot to decide inDomain (an explanation, not the grade) */
  domainSignals: CanonicalSignal[];
  domainRule: string;
  counts: {
    machines: number;
    inDomain: number;
    outOfDomain: number;
    /** machines per planted kind */
    kinds: Record<PlantedKind, number>;
    failures: number;
    labelledFailures: number;
    withheldFailures: number;
    machinesWithFailures: number;
    presentSamples: number;
    missingSamples: number;
  };
  machines: MachineTruth[];
}
