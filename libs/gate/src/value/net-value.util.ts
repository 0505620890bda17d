import { blockBootstrapIntervals } from '@fleetgate/stats';
import { ValueCosts, ValueCounts } from '../policy.types';

/** Resamples of the percentile bootstrap over machines (a few ms for 400 machines). */
export const NET_VALUE_RESAMPLES = 2000;
export const NET_VALUE_CONFIDENCE = 0.95;

/**
 * A model's net value over a set of machines, per 1,000 machine-hours, against running to
 * failure. `estimate`, `low`, `high` are null when the value cannot be judged (`insufficient`
 * says why).
 */
export interface NetValue {
  /** Machines counted (evaluated, with value counts). */
  machines: number;
  machineHours: number;
  /** Labelled failures in range. */
  failures: number;
  /** Of those, detected at least `minLeadTimeHours` ahead: each turns an unplanned failure into planned work. */
  detectedInTime: number;
  /** Detected, but with less warning than `minLeadTimeHours`: priced as a failure run to the end (no gain). */
  detectedLate: number;
  falseAlarms: number;
  /** Net value per 1,000 machine-hours and its 95 % percentile bootstrap interval over machines. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  insufficient: string | null;
}

/** One machine as the value sees it: null counts = evaluated before value counts were stored. */
export interface ValueMachine {
  assetId: string;
  value: ValueCounts | null;
}

/** What one machine's alarms are worth (in the costs' currency) against running it to failure. */
export function machineGain(v: ValueCounts, costs: ValueCosts): { gain: number; inTime: number; late: number } {
  const inTime = v.leadTimesHours.filter((h) => h >= costs.minLeadTimeHours).length;
  return {
    gain: inTime * (costs.unplannedFailureCost - costs.plannedRepairCost) - v.falseAlarms * costs.falseAlarmCost,
    inTime,
    late: v.leadTimesHours.length - inTime,
  };
}

/**
 * Net value per 1,000 machine-hours of a set of (evaluated) machines:
 * 1000 × Σ (inTime × (unplanned − planned) − falseAlarms × falseAlarmCost) / Σ machineHours,
 * with a percentile bootstrap interval that resamples whole machines (a machine's failures and
 * alarms move together; machines are the independent units), seeded by `key` so the same
 * machines give the same interval. Insufficient when no machine is given, when any of them has
 * no value counts (a run stored before them: re-evaluate), or when they were scored for no hour.
 */
export function netValue(machines: readonly ValueMachine[], costs: ValueCosts, key: string): NetValue {
  const none = (insufficient: string, counted = 0): NetValue => ({
    machines: counted,
    machineHours: 0,
    failures: 0,
    detectedInTime: 0,
    detectedLate: 0,
    falseAlarms: 0,
    estimate: null,
    low: null,
    high: null,
    insufficient,
  });
  if (!machines.length) return none('no evaluated machine');
  const missing = machines.filter((m) => !m.value).length;
  if (missing) return none(`${missing} of ${machines.length} evaluated machines have no value counts (evaluated before they were recorded): re-evaluate`);
  const n = machines.length;
  const gains = new Float64Array(n);
  const hours = new Float64Array(n);
  const out: NetValue = { ...none('', n), insufficient: null };
  machines.forEach((m, i) => {
    const v = m.value!;
    const g = machineGain(v, costs);
    gains[i] = g.gain;
    hours[i] = v.machineHours;
    out.machineHours += v.machineHours;
    out.failures += v.failures;
    out.detectedInTime += g.inTime;
    out.detectedLate += g.late;
    out.falseAlarms += v.falseAlarms;
  });
  if (!(out.machineHours > 0)) return { ...out, insufficient: 'no machine-hours scored' };
  const perThousand = (picks: ArrayLike<number>) => {
    let g = 0;
    let h = 0;
    for (let i = 0; i < picks.length; i++) {
      g += gains[picks[i]];
      h += hours[picks[i]];
    }
    return h > 0 ? (1000 * g) / h : NaN;
  };
  const [[low, high]] = blockBootstrapIntervals(n, 1, (picks, o) => (o[0] = perThousand(picks)), {
    resamples: NET_VALUE_RESAMPLES,
    confidence: NET_VALUE_CONFIDENCE,
    key: `net-value:${key}`,
  })!;
  return { ...out, estimate: perThousand(Array.from({ length: n }, (_, i) => i)), low, high };
}

export const VALUE_DIMENSIONS = ['machineModel', 'ageBand', 'site'] as const;
export type ValueDimension = (typeof VALUE_DIMENSIONS)[number];

export interface SegmentNetValue extends NetValue {
  dimension: ValueDimension;
  value: string;
}

/**
 * Net value for the whole set and per segment (machine model, age band, site), each seeded by
 * `key` and the segment, in asset-id order within a segment so the same machines always give
 * the same figures.
 */
export function netValueBySegment(
  machines: ReadonlyArray<ValueMachine & Record<ValueDimension, string>>,
  costs: ValueCosts,
  key: string,
): { all: NetValue; segments: SegmentNetValue[] } {
  const sorted = [...machines].sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0));
  const segments: SegmentNetValue[] = [];
  for (const dimension of VALUE_DIMENSIONS) {
    const values = [...new Set(sorted.map((m) => m[dimension]))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const value of values)
      segments.push({
        dimension,
        value,
        ...netValue(
          sorted.filter((m) => m[dimension] === value),
          costs,
          `${key}:${dimension}=${value}`,
        ),
      });
  }
  return { all: netValue(sorted, costs, `${key}:all`), segments };
}

/** "12,833" / "-1,200": a money figure as the reports print it (whole units). */
export function money(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
