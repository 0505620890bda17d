import { applyDegradation } from './degradation.util';
import { coveredLength, planMachineSchedule, type MachineSchedule } from './machine-schedule.util';
import { SAMPLE_INTERVAL_MS } from './fleet-plan.util';
import { applyRegimes, COUPLED_SIGNALS, coupledNoise, COUPLING_DESCRIPTION, drawRegimes, REGIME_SETPOINTS, type NoiseShape } from './planted-kinds.util';
import { Rng, STREAM } from './random.util';
import { CANONICAL_SIGNALS, rawTagFor, rawUnitFor, type CanonicalSignal } from './signal-catalog.util';
import type { FleetPlan, GeneratedMachine, MachineEvent, MachinePlan, MachineTruth, SampleCounts } from './simulator.types';

/**
 * Healthy noise structure per signal (see NoiseShape): c is a unit-variance daily sinusoid
 * (ambient temperature), L a slow unit-variance AR(1) shared by all signals of the machine
 * (process load). The three parts are independent, so the planted mean and sigma are exactly
 * the healthy per-sample mean and standard deviation.
 */
const NOISE: Record<CanonicalSignal, NoiseShape> = {
  vibration_rms: { phi: 0.6, cycle: 0, load: 0.35 },
  bearing_temp: { phi: 0.97, cycle: 0.5, load: 0.4 },
  winding_temp: { phi: 0.97, cycle: 0.35, load: 0.6 },
  motor_current: { phi: 0.8, cycle: 0, load: 0.85 },
  power: { phi: 0.8, cycle: 0, load: 0.85 },
  speed: { phi: 0.5, cycle: 0, load: 0.25 },
  pressure: { phi: 0.85, cycle: 0, load: -0.6 },
  flow: { phi: 0.85, cycle: 0, load: 0.8 },
};
const COUPLED_NOISE = coupledNoise(NOISE);
const LOAD_PHI = 0.995;
const SAMPLES_PER_DAY = 1440;
// the daily temperature peak comes at a different hour on each site
const SITE_PHASE: Record<string, number> = { PLT1: 0, PLT2: 0.3, PLT3: -0.4 };

/**
 * Work arrays reused from one call to the next: fresh memory is costly to touch (page
 * faults), and the load factor and daily cycle are as long as a whole machine's series.
 * Every element is overwritten before use, so results never depend on earlier calls.
 */
let workspace: { n: number; load: Float64Array; cycle: Float64Array } | undefined;

function workArrays(n: number): { load: Float64Array; cycle: Float64Array } {
  if (!workspace || workspace.n !== n) workspace = { n, load: new Float64Array(n), cycle: new Float64Array(n) };
  return workspace;
}

function fillAr1(out: Float64Array, rng: Rng, phi: number): void {
  const innovation = Math.sqrt(1 - phi * phi);
  let e = rng.normal();
  for (let i = 0; i < out.length; i++) {
    out[i] = e;
    e = phi * e + innovation * rng.normal();
  }
}

function fillDailyCycle(out: Float64Array, phase: number): void {
  const w = (2 * Math.PI) / SAMPLES_PER_DAY;
  const day = Math.min(SAMPLES_PER_DAY, out.length);
  for (let i = 0; i < day; i++) out[i] = Math.SQRT2 * Math.sin(w * i + phase);
  for (let from = SAMPLES_PER_DAY; from < out.length; from += SAMPLES_PER_DAY) out.copyWithin(from, 0, Math.min(SAMPLES_PER_DAY, out.length - from));
}

/** canonical → raw units, in place */
function toRawInPlace(values: Float32Array, scale: number, offset: number): void {
  if (scale === 1 && offset === 0) return;
  for (let i = 0; i < values.length; i++) values[i] = values[i] * scale + offset;
}

/** Healthy canonical values of one signal into `out`. The hot loop of the simulator. */
function fillHealthy(out: Float32Array, rng: Rng, mean: number, sigma: number, shape: NoiseShape, cycle: Float64Array, load: Float64Array): void {
  const n = out.length;
  const own = sigma * Math.sqrt(1 - shape.cycle * shape.cycle - shape.load * shape.load);
  const cw = sigma * shape.cycle;
  const lw = sigma * shape.load;
  const phi = shape.phi;
  const innovation = Math.sqrt(1 - phi * phi);
  let e = rng.normal();
  if (cw === 0) {
    for (let i = 0; i < n; i++) {
      out[i] = mean + lw * load[i] + own * e;
      e = phi * e + innovation * rng.normal();
    }
  } else {
    for (let i = 0; i < n; i++) {
      out[i] = mean + cw * cycle[i] + lw * load[i] + own * e;
      e = phi * e + innovation * rng.normal();
    }
  }
}

function applyFaults(values: Float32Array, s: number, schedule: MachineSchedule): void {
  for (const r of schedule.stuck) {
    if (r.signal !== s) continue;
    // a frozen transmitter repeats its last good reading
    const held = values[Math.max(0, r.from - 1)];
    values.fill(held, r.from, r.to);
  }
  for (const spike of schedule.spikes) if (spike.signal === s) values[spike.at] = spike.value;
}

/** What begins before sample n, intervals ending at n at the latest (a run-up keeps its failure time). */
function cutSchedule(s: MachineSchedule, n: number): MachineSchedule {
  const clip = <T extends { from: number; to: number }>(items: T[]): T[] => items.filter((r) => r.from < n).map((r) => (r.to > n ? { ...r, to: n } : r));
  return {
    failures: s.failures.filter((f) => f.onset < n),
    downtime: clip(s.downtime),
    maintenance: s.maintenance.filter((m) => m.at < n),
    dropouts: clip(s.dropouts),
    stuck: clip(s.stuck),
    spikes: s.spikes.filter((sp) => sp.at < n),
  };
}

function findMachine(plan: FleetPlan, assetId: string): MachinePlan {
  const machine = plan.machines.find((m) => m.assetId === assetId);
  if (!machine) throw new RangeError(`unknown machine ${assetId}`);
  return machine;
}

/** How far past the plan's history to generate. */
export interface GenerateOptions {
  /**
   * Generate this much beyond the end of the history, a whole number of the plan's intervals
   * (default 0). The first `days` are exactly the history's (prefix stability): the extra part
   * continues it, with the failures, stops and faults planned for later.
   */
  extraMs?: number;
}

/**
 * One machine's telemetry in its raw tags and units, its failure/maintenance events, and
 * the truth of what was planted, over [start, start + days + extra). Depends only on the plan
 * and the machine: machine k is the same whether it is generated first, last or alone, and
 * generating further only appends (events and truth items are those that begin before the end;
 * a failure whose run-up is under way at the end belongs to the part after it).
 */
export function generateMachine(plan: FleetPlan, assetId: string, opts: GenerateOptions = {}): GeneratedMachine {
  const machine = findMachine(plan, assetId);
  const extraMs = opts.extraMs ?? 0;
  if (!(Number.isSafeInteger(extraMs) && extraMs >= 0 && extraMs % plan.intervalMs === 0))
    throw new RangeError(`extraMs must be a whole number of intervals (${plan.intervalMs} ms), got ${extraMs}`);
  // Everything is generated on the 1-minute grid; a coarser series reads every `stride`-th minute.
  const stride = Math.round(plan.intervalMs / SAMPLE_INTERVAL_MS);
  const stored = plan.samplesPerSignal + extraMs / plan.intervalMs;
  const n = stored * stride;
  const { seed } = plan;
  const k = machine.index;
  const schedule = cutSchedule(planMachineSchedule(seed, machine, n), n);
  // A spike is one sample: on a coarser grid it lands on the reading it falls in.
  if (stride > 1) schedule.spikes = schedule.spikes.map((sp) => ({ ...sp, at: sp.at - (sp.at % stride) }));
  // the failures that happened by the end; a run-up still under way there only shows in the data
  const failed = schedule.failures.filter((f) => f.failure < n);
  const underWay = schedule.failures.find((f) => f.failure >= n);
  const extraNoise = new Rng(seed, k, STREAM.extraNoise);
  const { load, cycle } = workArrays(n);
  fillAr1(load, new Rng(seed, k, STREAM.load), LOAD_PHI);
  const phaseJitter = new Rng(seed, k, STREAM.phase).range(-0.2, 0.2);
  fillDailyCycle(cycle, (SITE_PHASE[machine.site] ?? 0) + phaseJitter);
  const noise = machine.kind === 'coupling' ? COUPLED_NOISE : NOISE;
  const regimes = machine.kind === 'multi-regime' ? drawRegimes(new Rng(seed, k, STREAM.regimes), n) : undefined;
  // one draw per failure whatever the share, so a smaller share withholds a superset
  const labelDraws = new Rng(seed, k, STREAM.labels);
  const labelled = failed.map(() => labelDraws.uniform() < plan.labelShare || machine.isPilot);
  const tags: Record<string, Float32Array> = {};
  const samples: Partial<Record<CanonicalSignal, SampleCounts>> = {};

  CANONICAL_SIGNALS.forEach((signal, s) => {
    if (machine.missingSignals.includes(signal)) return;
    const { mean, sigma } = machine.healthy[signal];
    const out = new Float32Array(n);
    fillHealthy(out, new Rng(seed, k, STREAM.signalBase + s), mean, sigma, noise[signal], cycle, load);
    if (regimes) applyRegimes(out, signal, regimes);
    for (const f of schedule.failures) applyDegradation(out, s, f, extraNoise);
    applyFaults(out, s, schedule);
    const { scale, offset } = rawUnitFor(machine.convention, signal);
    toRawInPlace(out, scale, offset);
    const gaps = [...schedule.downtime, ...schedule.dropouts.filter((d) => d.signal === s)];
    for (const g of gaps) out.fill(NaN, Math.max(0, g.from), Math.min(n, g.to));
    const series = stride === 1 ? out : Float32Array.from({ length: stored }, (_, i) => out[i * stride]);
    tags[rawTagFor(machine.convention, machine.machineModel, signal)] = series;

    const missing = stride === 1 ? coveredLength(gaps, n) : series.reduce((c, v) => (v === v ? c : c + 1), 0);
    samples[signal] = { present: series.length - missing, missing };
  });

  const iso = (at: number): string => new Date(plan.startMs + at * SAMPLE_INTERVAL_MS).toISOString();
  const events: MachineEvent[] = [
    // a withheld failure is not logged as one; its repair's work order (maintenance) still is
    ...failed.filter((_, i) => labelled[i]).map((f) => ({ at: f.failure, kind: 'failure' as const, component: f.component })),
    ...schedule.maintenance.map((m) => ({ at: m.at, kind: 'maintenance' as const, component: m.component })),
  ]
    .filter((e) => e.at < n)
    .sort((a, b) => a.at - b.at || (a.kind === 'failure' ? -1 : 1))
    .map((e) => ({ timestamp: iso(e.at), kind: e.kind, component: e.component }));

  const truth: MachineTruth = {
    assetId: machine.assetId,
    machineModel: machine.machineModel,
    site: machine.site,
    line: machine.line,
    ageYears: machine.ageYears,
    convention: machine.convention,
    isPilot: machine.isPilot,
    kind: machine.kind,
    ...(machine.kind === 'coupling' ? { coupling: { signals: [...COUPLED_SIGNALS], description: COUPLING_DESCRIPTION } } : {}),
    ...(regimes
      ? {
          regimes: {
            signal: 'speed' as const,
            setpoints: [...REGIME_SETPOINTS],
            periods: regimes.map((r) => ({ from: iso(r.from), to: iso(r.to), setpoint: r.setpoint })),
          },
        }
      : {}),
    inDomain: machine.inDomain,
    outOfDomainSignals: CANONICAL_SIGNALS.filter((s) => !machine.domain[s].inDomain),
    healthy: machine.healthy,
    domain: machine.domain,
    missingSignals: [...machine.missingSignals],
    failures: failed.map((f, i) => ({
      component: f.component,
      onset: iso(f.onset),
      failure: iso(f.failure),
      repaired: iso(f.repaired),
      labelled: labelled[i],
    })),
    ...(underWay ? { runUpAtEnd: { component: underWay.component, onset: iso(underWay.onset), failure: iso(underWay.failure) } } : {}),
    downtime: schedule.downtime.map((d) => ({ from: iso(d.from), to: iso(d.to), reason: d.reason })),
    sensorFaults: [
      ...schedule.dropouts.map((d) => ({ signal: CANONICAL_SIGNALS[d.signal], kind: 'dropout' as const, from: iso(d.from), to: iso(d.to) })),
      ...schedule.stuck.map((d) => ({ signal: CANONICAL_SIGNALS[d.signal], kind: 'stuck' as const, from: iso(d.from), to: iso(d.to) })),
      ...schedule.spikes.map((d) => ({ signal: CANONICAL_SIGNALS[d.signal], kind: 'spike' as const, from: iso(d.at), to: iso(d.at + stride) })),
    ].sort((a, b) => a.from.localeCompare(b.from)),
    samples,
  };
  return { startMs: plan.startMs, intervalMs: plan.intervalMs, tags, events, truth };
}
