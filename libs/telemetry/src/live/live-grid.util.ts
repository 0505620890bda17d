import { phaseOf } from '../chunk/chunk.util';

/** The grid a live series is stored on, and where it came from. */
export interface LiveGrid {
  intervalMs: number;
  phaseMs: number;
  source: 'stored' | 'inferred' | 'nominal';
}

/** Fewer samples than this in one message never decide a new series' interval: the catalog's nominal interval does. */
export const MIN_SAMPLES_TO_INFER = 5;
// Intervals a gateway is configured with; a jittered median snaps to the nearest within 10 %.
const ROUND_INTERVALS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

/**
 * The interval of a new live series from one message's sample times (any order): the most
 * common positive difference when it accounts for at least half of them, else the median
 * difference when it is within 10 % of a usual interval (1 s … 1 h), else null.
 */
export function inferLiveInterval(times: readonly number[]): number | null {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  if (sorted.length < MIN_SAMPLES_TO_INFER) return null;
  const diffs = sorted.slice(1).map((t, i) => t - sorted[i]);
  const counts = new Map<number, number>();
  for (const d of diffs) counts.set(d, (counts.get(d) ?? 0) + 1);
  let mode = diffs[0];
  for (const [d, c] of counts) if (c > counts.get(mode)! || (c === counts.get(mode)! && d < mode)) mode = d;
  if (counts.get(mode)! * 2 >= diffs.length) return mode;
  const median = [...diffs].sort((a, b) => a - b)[Math.floor(diffs.length / 2)];
  const round = ROUND_INTERVALS.find((r) => Math.abs(median - r) <= 0.1 * r);
  return round ?? null;
}

/**
 * The grid for one signal of one message: the stored series' own grid when it exists (never
 * changed: the store refuses another interval); else one inferred from this message's times;
 * else the catalog's nominal interval, phased on the first sample.
 */
export function liveGrid(stored: { intervalMs: number; firstMs: number } | undefined, times: readonly number[], nominalIntervalMs: number): LiveGrid {
  if (stored) return { intervalMs: stored.intervalMs, phaseMs: phaseOf(stored.firstMs, stored.intervalMs), source: 'stored' };
  const inferred = inferLiveInterval(times);
  const intervalMs = inferred ?? nominalIntervalMs;
  return { intervalMs, phaseMs: phaseOf(Math.min(...times), intervalMs), source: inferred ? 'inferred' : 'nominal' };
}

export interface Placed {
  /** grid-slot times of the accepted samples, with their values, in input order */
  times: number[];
  values: number[];
  /** accepted samples that were not exactly on their slot */
  snapped: number;
  /** samples exactly midway between two slots: refused (which slot they mean is unknowable) */
  offGrid: { count: number; firstMs: number | null };
}

/**
 * Puts samples on the grid t ≡ phase (mod interval): a sample less than half an interval
 * from its nearest slot is stored in that slot (and counted as snapped when it was not
 * exactly on it); one exactly half an interval from two slots is refused as off-grid.
 */
export function placeOnGrid(times: readonly number[], values: readonly number[], grid: { intervalMs: number; phaseMs: number }): Placed {
  const out: Placed = { times: [], values: [], snapped: 0, offGrid: { count: 0, firstMs: null } };
  const { intervalMs, phaseMs } = grid;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    const k = Math.floor((t - phaseMs) / intervalMs);
    const below = phaseMs + k * intervalMs;
    const offset = t - below;
    if (offset * 2 === intervalMs) {
      out.offGrid.count++;
      out.offGrid.firstMs ??= t;
      continue;
    }
    const slot = offset * 2 < intervalMs ? below : below + intervalMs;
    if (slot !== t) out.snapped++;
    out.times.push(slot);
    out.values.push(values[i]);
  }
  return out;
}
