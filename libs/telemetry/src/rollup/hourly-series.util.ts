import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { copyHours, DayRollup, decodeRollupInto, EncodedDay, emptyHours, HourStats, HOURS_PER_DAY, slotsInHour } from './hourly-rollup.util';

/** One signal's hours [startMs, startMs + hours·1 h) on its own grid (`intervalMs`, phase of `gridMs`). */
export interface HourlySeries {
  startMs: number;
  intervalMs: number;
  stats: HourStats;
}

export function hourCount(s: HourlySeries): number {
  return s.stats.count.length;
}

/**
 * Places day rollups — computed, or stored bytes decoded straight into place — into the hours
 * [fromMs, toMs) (both whole hours). Hours of days without a rollup keep count 0 with their grid
 * slots counted as missing (`gridMs` is any grid time of the series), so a gap stays a gap.
 */
export function assembleHours(days: ReadonlyArray<DayRollup | EncodedDay>, fromMs: number, toMs: number, intervalMs: number, gridMs: number): HourlySeries {
  if (fromMs % HOUR_MS !== 0 || toMs % HOUR_MS !== 0) throw new Error(`hourly reads take whole hours, got ${fromMs}…${toMs}`);
  const n = Math.max(0, (toMs - fromMs) / HOUR_MS);
  const stats = emptyHours(n);
  if (HOUR_MS % intervalMs === 0 && (gridMs - fromMs) % intervalMs === 0) {
    // A grid on the hour (1-minute samples, say): every hour holds the same slots.
    stats.slots.fill(HOUR_MS / intervalMs);
    stats.longestMissing.fill(HOUR_MS / intervalMs);
  } else
    for (let h = 0; h < n; h++) {
      const slots = slotsInHour(fromMs + h * HOUR_MS, gridMs, intervalMs);
      stats.slots[h] = slots;
      stats.longestMissing[h] = slots;
    }
  for (const d of days) {
    const at = Math.max(0, (fromMs - d.day) / HOUR_MS);
    const into = (d.day + at * HOUR_MS - fromMs) / HOUR_MS;
    const count = Math.min(HOURS_PER_DAY - at, n - into);
    if (!(count > 0 && d.day < toMs && d.day + DAY_MS > fromMs)) continue;
    if ('bytes' in d) decodeRollupInto(d, stats, at, into, count);
    else copyHours(d.hours, at, stats, into, count);
  }
  return { startMs: fromMs, intervalMs, stats };
}

/** The distinct buffers under these series' hour columns (to hand them to another thread rather than copy them). */
export function hourlyBuffers(series: Readonly<Record<string, HourlySeries>>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const s of Object.values(series)) for (const column of Object.values(s.stats) as ArrayBufferView[]) buffers.add(column.buffer as ArrayBuffer);
  return [...buffers];
}

/** Σx of hour h (exact for the stored Float32 values up to Float64 rounding). */
export function hourSum(s: HourStats, h: number): number {
  return s.count[h] > 0 ? s.count[h] * s.ref[h] + s.sum[h] : 0;
}

/**
 * Plot buckets of `bucketHours` whole hours from the series' start: min, max and mean of the
 * present samples, null for a bucket without one (the plot shows the gap).
 */
export function downsampleHours(
  s: HourlySeries,
  bucketHours: number,
  buckets: number,
): { min: Array<number | null>; max: Array<number | null>; mean: Array<number | null> } {
  const min: Array<number | null> = [];
  const max: Array<number | null> = [];
  const mean: Array<number | null> = [];
  const st = s.stats;
  const n = hourCount(s);
  for (let b = 0; b < buckets; b++) {
    let c = 0;
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let h = b * bucketHours; h < Math.min(n, (b + 1) * bucketHours); h++) {
      if (st.count[h] === 0) continue;
      c += st.count[h];
      sum += hourSum(st, h);
      if (st.min[h] < lo) lo = st.min[h];
      if (st.max[h] > hi) hi = st.max[h];
    }
    min.push(c ? lo : null);
    max.push(c ? hi : null);
    mean.push(c ? sum / c : null);
  }
  return { min, max, mean };
}

/** The longest run of missing slots over the series' hours, carried across hour edges (slots, not ms). */
export function longestMissingRun(s: HourStats): number {
  let longest = 0;
  let carry = 0;
  for (let h = 0; h < s.count.length; h++) {
    if (s.count[h] === 0) {
      carry += s.slots[h];
      continue;
    }
    // Missing before the first present slot joins the run carried in; after the last, it carries on.
    longest = Math.max(longest, carry + s.firstSlot[h], s.longestMissing[h]);
    carry = s.slots[h] - 1 - s.lastSlot[h];
  }
  return Math.max(longest, carry);
}

/** The longest run of identical present values, carried across hour edges (a missing slot ends a run). */
export function longestEqualRun(s: HourStats): number {
  let longest = 0;
  let carry = 0;
  let carryValue = NaN;
  for (let h = 0; h < s.count.length; h++) {
    if (s.slots[h] === 0) continue; // an hour the grid skips breaks nothing
    if (s.count[h] === 0) {
      carry = 0;
      continue;
    }
    const joined = carry > 0 && s.leadRun[h] > 0 && s.ref[h] === carryValue ? carry : 0;
    longest = Math.max(longest, s.longestRun[h], joined + s.leadRun[h]);
    carry = s.leadRun[h] === s.slots[h] ? joined + s.slots[h] : s.trailRun[h];
    carryValue = s.last[h];
  }
  return longest;
}
