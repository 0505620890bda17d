import { drawDegradation, FAILURE_COMPONENTS, FAILURE_WEIGHTS, type Degradation } from './degradation.util';
import type { Rng } from './random.util';
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
const BASE_DAYS = 90;
// rates per machine over 90 days, scaled to the simulated length
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
const PLANNED_COMPONENTS: MaintenanceComponent[] = ['inspection', 'lubrication', 'alignment'];

function overlaps(a: Interval, b: Interval): boolean {
  return a.from < b.to && b.from < a.to;
}

/**
 * A 'degrading-at-start' machine's first failure: its run-up began 1–5 days before the history
 * starts and it fails 1–4 days in (within the first 60 % of a shorter history). Drawn from its own
 * stream so the rest of the schedule's draws keep their order.
 */
function failureAtStart(rng: Rng, machine: MachinePlan, n: number): PlannedFailure {
  const onset = -Math.round(rng.range(1, 5) * DAY);
  const failure = Math.max(1, Math.min(Math.round(rng.range(1, 4) * DAY), Math.floor(0.6 * n)));
  const repaired = failure + Math.round(rng.range(6, 48) * HOUR);
  const component = rng.pickWeighted(FAILURE_COMPONENTS, FAILURE_WEIGHTS);
  return { ...drawDegradation(rng, component, onset, failure, machine.healthy), repaired };
}

/** Failures of an ordinary machine: a renewal process of healthy wait → run-up → repair. */
function fleetFailures(rng: Rng, machine: MachinePlan, n: number, first?: PlannedFailure): PlannedFailure[] {
  const ratePerSample = (FAILURE_RATE + FAILURE_RATE_PER_YEAR_OF_AGE * machine.ageYears) / DAY;
  const failures: PlannedFailure[] = first ? [first] : [];
  let t = first ? first.repaired + DAY : 0;
  for (;;) {
    const onset = Math.floor(t + rng.exponential(1 / ratePerSample));
    const failure = onset + Math.round(rng.range(2, 8) * DAY);
    if (failure >= n) break;
    const repaired = failure + Math.round(rng.range(6, 48) * HOUR);
    const component = rng.pickWeighted(FAILURE_COMPONENTS, FAILURE_WEIGHTS);
    failures.push({ ...drawDegradation(rng, component, onset, failure, machine.healthy), repaired });
    t = repaired + DAY;
  }
  return failures;
}

/**
 * The pilot: a healthy first quarter, then up to four failures, one per equal slot, each with
 * a run-up of 3–7 days — enough for both an anomaly model (healthy data) and a
 * failure-probability model (several labelled run-ups) to be trained on 90 days.
 */
function pilotFailures(rng: Rng, machine: MachinePlan, n: number): PlannedFailure[] {
  const healthyEnd = Math.floor(n / 4);
  const slots = Math.max(1, Math.min(4, Math.floor((n - healthyEnd) / (15 * DAY))));
  const slot = (n - healthyEnd) / slots;
  const failures: PlannedFailure[] = [];
  for (let k = 0; k < slots; k++) {
    const slotStart = healthyEnd + k * slot;
    const failure = Math.floor(slotStart + slot * rng.range(0.6, 0.8));
    const runUp = Math.round(Math.min(rng.range(3, 7) * DAY, 0.45 * slot));
    const repaired = Math.min(failure + Math.round(Math.min(rng.range(8, 24) * HOUR, 0.1 * slot)), n);
    const component = PILOT_FAILURE_ORDER[k % PILOT_FAILURE_ORDER.length];
    failures.push({ ...drawDegradation(rng, component, failure - runUp, failure, machine.healthy), repaired });
  }
  return failures;
}

/**
 * Everything that happens to one machine besides healthy noise, drawn from its own stream:
 * failures with their run-ups and repairs, stops, and sensor faults on the signals it has.
 * `startRng` draws the failure already under way at the start of a 'degrading-at-start' machine.
 */
export function planMachineSchedule(rng: Rng, machine: MachinePlan, n: number, startRng: Rng): MachineSchedule {
  const scale = n / (BASE_DAYS * DAY);
  const first = machine.kind === 'degrading-at-start' ? failureAtStart(startRng, machine, n) : undefined;
  const failures = machine.isPilot ? pilotFailures(rng, machine, n) : fleetFailures(rng, machine, n, first);
  const runUps: Interval[] = failures.map((f) => ({ from: f.onset, to: f.repaired }));

  const downtime: MachineSchedule['downtime'] = failures.map((f) => ({ from: f.failure, to: f.repaired, reason: 'repair' }));
  const maintenance: MachineSchedule['maintenance'] = failures.filter((f) => f.repaired < n).map((f) => ({ at: f.repaired, component: f.component }));

  const unplanned = rng.poisson((UNPLANNED_STOPS + UNPLANNED_STOPS_PER_YEAR_OF_AGE * machine.ageYears) * scale);
  for (let k = 0; k < unplanned; k++) {
    const from = rng.int(n);
    const to = Math.min(n, from + Math.round(rng.logRange(2 * HOUR, 72 * HOUR)));
    downtime.push({ from, to, reason: 'unplanned' });
  }

  // planned stops are scheduled by people who would not open a machine mid-run-up
  const planned = rng.poisson(PLANNED_STOPS * scale);
  for (let k = 0; k < planned; k++) {
    const from = rng.int(n);
    const to = from + Math.round(rng.range(2, 8) * HOUR);
    const component = rng.pick(PLANNED_COMPONENTS);
    if (to >= n || runUps.some((r) => overlaps(r, { from, to }))) continue;
    downtime.push({ from, to, reason: 'planned-maintenance' });
    maintenance.push({ at: to, component });
  }

  const signals = CANONICAL_SIGNALS.flatMap((s, i) => (machine.missingSignals.includes(s) ? [] : [i]));
  const dropouts: MachineSchedule['dropouts'] = [];
  const stuck: MachineSchedule['stuck'] = [];
  const spikes: MachineSchedule['spikes'] = [];
  const dropoutCount = rng.poisson(DROPOUTS * scale);
  for (let k = 0; k < dropoutCount; k++) {
    const from = rng.int(n);
    dropouts.push({ signal: rng.pick(signals), from, to: Math.min(n, from + Math.round(rng.logRange(10, 12 * HOUR))) });
  }
  const stuckCount = rng.poisson(STUCK * scale);
  for (let k = 0; k < stuckCount; k++) {
    const from = rng.int(n);
    stuck.push({ signal: rng.pick(signals), from, to: Math.min(n, from + Math.round(rng.range(1, 12) * HOUR)) });
  }
  const spikeCount = rng.poisson(SPIKES * scale);
  for (let k = 0; k < spikeCount; k++) {
    const signal = rng.pick(signals);
    const name = CANONICAL_SIGNALS[signal];
    const { mean, sigma } = machine.healthy[name];
    const spec = SIGNAL_SPECS[name];
    // half are wild excursions a range check passes, half are values no sensor should report
    const value = rng.uniform() < 0.5 ? Math.min(mean + rng.range(8, 20) * sigma, spec.validMax) : spec.validMax * rng.range(1.05, 1.5);
    spikes.push({ at: rng.int(n), signal, value });
  }

  downtime.sort((a, b) => a.from - b.from);
  maintenance.sort((a, b) => a.at - b.at);
  return { failures, downtime, maintenance, dropouts, stuck, spikes };
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
