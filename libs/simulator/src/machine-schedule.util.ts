import { drawDegradation, FAILURE_COMPONENTS, FAILURE_WEIGHTS, type Degradation } from './degradation.util';
import { Rng, STREAM } from './random.util';
import { CANONICAL_SIGNALS, SIGNAL_SPECS } from './signal-catalog.util';
import type { DowntimeReason, FailureComponent, MachinePlan, MaintenanceComponent } from './simulator.types';

/** Sample positions: `from` inclusive, `to` exclusive. */
export interface Interval {
  from: number;
  to: number;
}

export interface PlannedFailure extends Degradation {
  repaired: number;
}

export interface MachineSchedule {
  failures: PlannedFailure[];
  downtime: Array<Interval & { reason: DowntimeReason }>;
  maintenance: Array<{ at: number; component: MaintenanceComponent }>;
  /** `signal` is an index into CANONICAL_SIGNALS */
  dropouts: Array<Interval & { signal: number }>;
  stuck: Array<Interval & { signal: number }>;
  spikes: Array<{ at: number; signal: number; value: number }>;
}

const HOUR = 60;
const DAY = 24 * HOUR;
/**
 * Stops and sensor faults are drawn per block of this length, each block from a stream of its
 * own: the schedule of the first blocks never depends on how far the machine is generated.
 */
const BLOCK_DAYS = 90;
const BLOCK = BLOCK_DAYS * DAY;
// rates per machine and 90-day block
const UNPLANNED_STOPS = 1.0;
const UNPLANNED_STOPS_PER_YEAR_OF_AGE = 0.04;
const PLANNED_STOPS = 0.8;
const DROPOUTS = 2;
const STUCK = 1;
const SPIKES = 6;
// failures per day: a new machine rarely fails within 90 days, a 25-year-old one about 1.6 times
const FAILURE_RATE = 0.003;
const FAILURE_RATE_PER_YEAR_OF_AGE = 0.0006;
const PILOT_FAILURE_ORDER: FailureComponent[] = ['bearing', 'impeller', 'bearing', 'winding'];
// the pilot's layout in the default 90 days: a healthy first quarter, then four equal slots
const PILOT_HEALTHY = Math.round(BLOCK / 4);
const PILOT_SLOT = (BLOCK - PILOT_HEALTHY) / 4;
const PLANNED_COMPONENTS: MaintenanceComponent[] = ['inspection', 'lubrication', 'alignment'];
// the longest planned stop: failures are planned this far past the last block, so the run-up check sees every neighbour
const MAX_PLANNED_STOP = 8 * HOUR;

function overlaps(a: Interval, b: Interval): boolean {
  return a.from < b.to && b.from < a.to;
}

/**
 * A 'degrading-at-start' machine's first failure: its run-up began 1–5 days before the history
 * starts and it fails 1–4 days in. Drawn from its own stream so the rest of the schedule's draws
 * keep their order.
 */
function failureAtStart(rng: Rng, machine: MachinePlan): PlannedFailure {
  const onset = -Math.round(rng.range(1, 5) * DAY);
  const failure = Math.round(rng.range(1, 4) * DAY);
  const repaired = failure + Math.round(rng.range(6, 48) * HOUR);
  const component = rng.pickWeighted(FAILURE_COMPONENTS, FAILURE_WEIGHTS);
  return { ...drawDegradation(rng, component, onset, failure, machine.healthy), repaired };
}

/**
 * Failures of an ordinary machine: a renewal process of healthy wait → run-up → repair, drawn
 * in time order from one stream until a run-up would start at `until` or later — so a longer
 * horizon only appends failures.
 */
function fleetFailures(rng: Rng, machine: MachinePlan, until: number, first?: PlannedFailure): PlannedFailure[] {
  const ratePerSample = (FAILURE_RATE + FAILURE_RATE_PER_YEAR_OF_AGE * machine.ageYears) / DAY;
  const failures: PlannedFailure[] = first ? [first] : [];
  let t = first ? first.repaired + DAY : 0;
  for (;;) {
    const onset = Math.floor(t + rng.exponential(1 / ratePerSample));
    if (onset >= until) break;
    const failure = onset + Math.round(rng.range(2, 8) * DAY);
    const repaired = failure + Math.round(rng.range(6, 48) * HOUR);
    const component = rng.pickWeighted(FAILURE_COMPONENTS, FAILURE_WEIGHTS);
    failures.push({ ...drawDegradation(rng, component, onset, failure, machine.healthy), repaired });
    t = repaired + DAY;
  }
  return failures;
}

/**
 * The pilot: a healthy first 22.5 days (a quarter of the default 90), then one failure in every
 * 16.875-day slot (four in 90 days), each with a run-up of 3–7 days — enough for both an anomaly
 * model (healthy data) and a failure-probability model (several labelled run-ups) to be trained
 * on 90 days. Fixed in time, not scaled to the history, so a longer history only appends.
 */
function pilotFailures(rng: Rng, machine: MachinePlan, until: number): PlannedFailure[] {
  const failures: PlannedFailure[] = [];
  for (let k = 0; PILOT_HEALTHY + k * PILOT_SLOT < until; k++) {
    const slotStart = PILOT_HEALTHY + k * PILOT_SLOT;
    const failure = Math.floor(slotStart + PILOT_SLOT * rng.range(0.6, 0.8));
    const runUp = Math.round(Math.min(rng.range(3, 7) * DAY, 0.45 * PILOT_SLOT));
    const repaired = failure + Math.round(Math.min(rng.range(8, 24) * HOUR, 0.1 * PILOT_SLOT));
    const component = PILOT_FAILURE_ORDER[k % PILOT_FAILURE_ORDER.length];
    failures.push({ ...drawDegradation(rng, component, failure - runUp, failure, machine.healthy), repaired });
  }
  return failures;
}

/** Stops and sensor faults of one 90-day block, at positions from `offset`. */
function planBlock(rng: Rng, machine: MachinePlan, offset: number, runUps: Interval[], schedule: MachineSchedule): void {
  const { downtime, maintenance, dropouts, stuck, spikes } = schedule;
  const unplanned = rng.poisson(UNPLANNED_STOPS + UNPLANNED_STOPS_PER_YEAR_OF_AGE * machine.ageYears);
  for (let k = 0; k < unplanned; k++) {
    const from = offset + rng.int(BLOCK);
    downtime.push({ from, to: from + Math.round(rng.logRange(2 * HOUR, 72 * HOUR)), reason: 'unplanned' });
  }

  // planned stops are scheduled by people who would not open a machine mid-run-up
  const planned = rng.poisson(PLANNED_STOPS);
  for (let k = 0; k < planned; k++) {
    const from = offset + rng.int(BLOCK);
    const to = from + Math.round(rng.range(2, 8) * HOUR);
    const component = rng.pick(PLANNED_COMPONENTS);
    if (runUps.some((r) => overlaps(r, { from, to }))) continue;
    downtime.push({ from, to, reason: 'planned-maintenance' });
    maintenance.push({ at: to, component });
  }

  const signals = CANONICAL_SIGNALS.flatMap((s, i) => (machine.missingSignals.includes(s) ? [] : [i]));
  const dropoutCount = rng.poisson(DROPOUTS);
  for (let k = 0; k < dropoutCount; k++) {
    const from = offset + rng.int(BLOCK);
    dropouts.push({ signal: rng.pick(signals), from, to: from + Math.round(rng.logRange(10, 12 * HOUR)) });
  }
  const stuckCount = rng.poisson(STUCK);
  for (let k = 0; k < stuckCount; k++) {
    const from = offset + rng.int(BLOCK);
    stuck.push({ signal: rng.pick(signals), from, to: from + Math.round(rng.range(1, 12) * HOUR) });
  }
  const spikeCount = rng.poisson(SPIKES);
  for (let k = 0; k < spikeCount; k++) {
    const signal = rng.pick(signals);
    const name = CANONICAL_SIGNALS[signal];
    const { mean, sigma } = machine.healthy[name];
    const spec = SIGNAL_SPECS[name];
    // half are wild excursions a range check passes, half are values no sensor should report
    const value = rng.uniform() < 0.5 ? Math.min(mean + rng.range(8, 20) * sigma, spec.validMax) : spec.validMax * rng.range(1.05, 1.5);
    spikes.push({ at: offset + rng.int(BLOCK), signal, value });
  }
}

/**
 * Everything that happens to one machine besides healthy noise, drawn from its own streams:
 * failures with their run-ups and repairs, stops, and sensor faults on the signals it has.
 * Planned in time order over whole 90-day blocks covering [0, horizon): what falls before any
 * sample position is the same for every horizon beyond it (the caller cuts at its end), so a
 * longer generation continues the shorter one. Intervals may reach past the horizon.
 */
export function planMachineSchedule(seed: number, machine: MachinePlan, horizon: number): MachineSchedule {
  const k = machine.index;
  const blocks = Math.max(1, Math.ceil(horizon / BLOCK));
  const until = blocks * BLOCK + MAX_PLANNED_STOP;
  const rng = new Rng(seed, k, STREAM.schedule);
  const first = machine.kind === 'degrading-at-start' ? failureAtStart(new Rng(seed, k, STREAM.startFailure), machine) : undefined;
  const failures = machine.isPilot ? pilotFailures(rng, machine, until) : fleetFailures(rng, machine, until, first);
  const runUps: Interval[] = failures.map((f) => ({ from: f.onset, to: f.repaired }));
  const schedule: MachineSchedule = {
    failures,
    downtime: failures.map((f) => ({ from: f.failure, to: f.repaired, reason: 'repair' })),
    maintenance: failures.map((f) => ({ at: f.repaired, component: f.component })),
    dropouts: [],
    stuck: [],
    spikes: [],
  };
  for (let b = 0; b < blocks; b++) planBlock(new Rng(seed, k, STREAM.scheduleBlock + b), machine, b * BLOCK, runUps, schedule);
  schedule.downtime.sort((a, b) => a.from - b.from);
  schedule.maintenance.sort((a, b) => a.at - b.at);
  return schedule;
}

/** Number of samples in [0, n) covered by at least one interval. */
export function coveredLength(intervals: Interval[], n: number): number {
  const sorted = intervals
    .map((r) => ({ from: Math.max(0, r.from), to: Math.min(n, r.to) }))
    .filter((r) => r.to > r.from)
    .sort((a, b) => a.from - b.from);
  let total = 0;
  let end = -1;
  for (const r of sorted) {
    if (r.from >= end) {
      total += r.to - r.from;
      end = r.to;
    } else if (r.to > end) {
      total += r.to - end;
      end = r.to;
    }
  }
  return total;
}
