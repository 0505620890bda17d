import { HOUR_MS, Series } from '@fleetgate/common';
import { mulberry32 } from '@fleetgate/stats';
import { SeriesBySignal } from '../features/feature-grid.util';
import { hourlyBlocks, HourlyBlocks, levelOf, seriesOf } from '../features/signal-levels.util';
import { InferenceErrorCode, InferenceException } from '../inference.exception';
import type { SignalBaseline } from './baseline.util';
import { kMeans, meanSilhouette } from './kmeans.util';
import { NORMALIZATION_THRESHOLDS } from './normalization-thresholds';
import { flooredSpread } from './normalize.util';

/** One operating regime found on the pilot. */
export interface Regime {
  /** Centre of the regime signals' hourly means, in their own units. */
  centre: number[];
  /** Per regime signal: σ of the regime's hourly means, floored (`sigmaFloor`). */
  sigma: number[];
  hours: number;
  /** Level and spread of each normalised signal within the regime (`levelOf`, the evaluation's estimator). */
  levels: SignalBaseline[];
}

export interface Regimes {
  regimeSignals: string[];
  /** The signals normalised per regime. */
  signals: string[];
  /** Pilot-wide σ of each regime signal's hourly means: the unit k-means measures in. */
  scale: number[];
  /** Mean silhouette for k = 2..maxK (index k − 2); k = 1 has none. */
  silhouette: number[];
  regimes: Regime[];
}

export interface FitRegimesInput {
  regimeSignals: readonly string[];
  signals: readonly string[];
  series: SeriesBySignal;
  /** Ranges to leave out (`unhealthyRanges` of the pilot). */
  excluded?: ReadonlyArray<readonly [number, number]>;
  /** k-means++ seed; fixed, so a refit of the same data gives the same regimes. */
  seed?: number;
}

/** The regime signals' hourly means on their shared grid: hour index → point. Series must share start and interval. */
function regimeHours(regimeSignals: readonly string[], series: SeriesBySignal, excluded: ReadonlyArray<readonly [number, number]>) {
  const list = regimeSignals.map((signal) => {
    const s = seriesOf(series, signal);
    if (!s) throw new InferenceException(InferenceErrorCode.MissingSignal, `no series for regime signal "${signal}"`);
    return s;
  });
  const first = list[0];
  if (list.some((s) => s.startMs !== first.startMs || s.intervalMs !== first.intervalMs)) {
    throw new InferenceException(
      InferenceErrorCode.GridMismatch,
      `regime signals ${regimeSignals.join(', ')} must share start and sampling interval; resample at ingest`,
    );
  }
  const blocks = list.map((s) => hourlyBlocks(s, excluded));
  const stepMs = blocks[0].stepMs;
  const total = Math.floor(first.values.length / Math.max(1, Math.round(stepMs / first.intervalMs)));
  const d = list.length;
  const values = new Float64Array(total * d).fill(NaN);
  blocks.forEach((h, j) => {
    for (let i = 0; i < h.count; i++) values[Math.round((h.startMs[i] - first.startMs) / stepMs) * d + j] = h.means[i];
  });
  const complete = (b: number) => values.subarray(b * d, b * d + d).every((v) => v === v);
  return { originMs: first.startMs, stepMs, total, d, values, complete };
}

/** Hour index of another signal's hourly block on the regime grid, refusing a series off that grid. */
function hourIndex(h: HourlyBlocks, i: number, originMs: number, stepMs: number, signal: string): number {
  const b = (h.startMs[i] - originMs) / stepMs;
  if (Math.abs(b - Math.round(b)) > 1e-9) {
    throw new InferenceException(InferenceErrorCode.GridMismatch, `series "${signal}" is not on the hourly grid of the regime signals; resample at ingest`);
  }
  return Math.round(b);
}

/** Evenly strided indices 0..n−1, at most `max` of them. */
function strided(n: number, max: number): Int32Array {
  const step = Math.max(1, Math.ceil(n / max));
  return Int32Array.from({ length: Math.ceil(n / step) }, (_, i) => i * step);
}

/**
 * Operating regimes of the pilot: k-means (k-means++ seeded, best of `restarts`) on the
 * standardised hourly means of the regime signals, k = the best mean silhouette over 2..maxK when
 * it reaches `minSilhouette`, else 1; then each regime's centre, σ and the level and spread of
 * every other signal within it. Thresholds: `NORMALIZATION_THRESHOLDS.regimes`.
 */
export function fitRegimes(input: FitRegimesInput, t = NORMALIZATION_THRESHOLDS.regimes): Regimes {
  const { regimeSignals, signals, series, excluded = [], seed = 1 } = input;
  const grid = regimeHours(regimeSignals, series, excluded);
  const { d } = grid;
  const hours = Int32Array.from({ length: grid.total }, (_, b) => b).filter(grid.complete);
  const n = hours.length;
  if (n < 2) throw new InferenceException(InferenceErrorCode.InvalidInput, `regimes need at least 2 complete hours of ${regimeSignals.join(', ')}, got ${n}`);
  // Standardise by the pilot-wide σ of each regime signal, so no signal dominates by its units.
  const mean = new Float64Array(d);
  const scale = new Array<number>(d).fill(0);
  for (const b of hours) for (let j = 0; j < d; j++) mean[j] += grid.values[b * d + j] / n;
  for (const b of hours) for (let j = 0; j < d; j++) scale[j] += (grid.values[b * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]) || 1;
  const points = new Float64Array(n * d);
  hours.forEach((b, i) => {
    for (let j = 0; j < d; j++) points[i * d + j] = grid.values[b * d + j] / scale[j];
  });

  const random = mulberry32(seed);
  const sample = strided(n, t.silhouetteSample);
  const fits = [kMeans(points, d, 1, random, 1, t.maxIterations)];
  const silhouette: number[] = [];
  for (let k = 2; k <= Math.min(t.maxK, n); k++) {
    const c = kMeans(points, d, k, random, t.restarts, t.maxIterations);
    fits.push(c);
    silhouette.push(meanSilhouette(points, d, c.labels, k, sample));
  }
  // The highest silhouette (the smaller k on a tie), if it shows strong structure; else one regime.
  let pick = 0;
  let top = -Infinity;
  silhouette.forEach((s, i) => {
    if (s > top) {
      top = s;
      pick = i + 1;
    }
  });
  const best = fits[top >= t.minSilhouette ? pick : 0];

  // Regimes in ascending order of their centre on the first regime signal, so indices read naturally.
  const used = [...new Set(best.labels)].sort((a, b) => best.centres[a * d] - best.centres[b * d]);
  const relabel = new Int32Array(best.k).fill(-1);
  used.forEach((c, r) => (relabel[c] = r));
  const label = new Int32Array(grid.total).fill(-1);
  hours.forEach((b, i) => (label[b] = relabel[best.labels[i]]));

  const regimes: Regime[] = used.map((c, r) => {
    const members = hours.filter((b) => label[b] === r);
    const centre = Array.from({ length: d }, (_, j) => best.centres[c * d + j] * scale[j]);
    const sigma = centre.map((m, j) => {
      let ss = 0;
      for (const b of members) ss += (grid.values[b * d + j] - m) ** 2;
      return Math.max(Math.sqrt(ss / members.length), t.sigmaFloor * scale[j]);
    });
    return { centre, sigma, hours: (members.length * grid.stepMs) / HOUR_MS, levels: [] };
  });
  const levels = levelsByRegime(signals, series, excluded, label, grid, regimes.length);
  regimes.forEach((r, i) => (r.levels = levels[i]));
  return { regimeSignals: [...regimeSignals], signals: [...signals], scale, silhouette, regimes };
}

/**
 * Level and spread (`levelOf`) of each signal's hourly blocks in each regime, the hour's regime
 * given by `label` on the regime grid (−1: none). Shared by the pilot's fit and each machine's own
 * per-regime baseline, so both rest on one estimator.
 */
function levelsByRegime(
  signals: readonly string[],
  series: SeriesBySignal,
  excluded: ReadonlyArray<readonly [number, number]>,
  label: Int32Array,
  grid: { originMs: number; stepMs: number; total: number },
  count: number,
): SignalBaseline[][] {
  const out: SignalBaseline[][] = Array.from({ length: count }, () => []);
  for (const signal of signals) {
    const s = seriesOf(series, signal);
    const h = s ? hourlyBlocks(s, excluded) : undefined;
    const byRegime = out.map(() => ({ means: [] as number[], stds: [] as number[] }));
    for (let i = 0; h && i < h.count; i++) {
      const b = hourIndex(h, i, grid.originMs, grid.stepMs, signal);
      const r = b >= 0 && b < grid.total ? label[b] : -1;
      if (r < 0) continue;
      byRegime[r].means.push(h.means[i]);
      byRegime[r].stds.push(h.stds[i]);
    }
    byRegime.forEach(({ means, stds }, r) => {
      const { mean: level, std: spread } = levelOf(Float64Array.from(means), Float64Array.from(stds));
      out[r].push({ signal, level, spread, hours: (means.length * grid.stepMs) / HOUR_MS });
    });
  }
  return out;
}

/**
 * A machine's own level and spread of every normalised signal in each of the pilot's regimes,
 * over its baseline period (hours assigned by `assignRegime`): the pilot's regimes with the
 * machine's levels, for `normalizeByRegime`. A regime with fewer than `minHours` baseline hours of
 * a signal gets no level there (NaN): the machine's samples in it become gaps, never normalised by
 * a guess.
 */
export function machineRegimeLevels(
  regimes: Regimes,
  series: SeriesBySignal,
  period: { fromMs: number; toMs: number },
  minHours: number,
  t = NORMALIZATION_THRESHOLDS.regimes,
): Regimes {
  const excluded: Array<[number, number]> = [
    [-Infinity, period.fromMs],
    [period.toMs, Infinity],
  ];
  const grid = regimeHours(regimes.regimeSignals, series, excluded);
  const { d } = grid;
  const label = new Int32Array(grid.total).fill(-1);
  for (let b = 0; b < grid.total; b++) {
    if (!grid.complete(b)) continue;
    const r = assignRegime(grid.values.subarray(b * d, b * d + d), regimes, t);
    if (r !== 'unseen') label[b] = r;
  }
  const levels = levelsByRegime(regimes.signals, series, excluded, label, grid, regimes.regimes.length);
  return {
    ...regimes,
    regimes: regimes.regimes.map((r, i) => ({
      ...r,
      hours: Math.min(...levels[i].map((l) => l.hours)),
      levels: levels[i].map((l) => (l.hours >= minHours ? l : { ...l, level: NaN, spread: NaN })),
    })),
  };
}

/**
 * The regime of one point (regime signals' hourly means, in their units): the nearest centre
 * (standardised distance, as k-means measured) among the regimes it lies within `unseenSigma` of
 * on every regime signal — or 'unseen' when there is none. A setpoint the pilot never ran is
 * reported, not forced into the nearest regime. NaN in the point → 'unseen'.
 */
export function assignRegime(point: ArrayLike<number>, regimes: Regimes, t = NORMALIZATION_THRESHOLDS.regimes): number | 'unseen' {
  let best: number | 'unseen' = 'unseen';
  let bestD = Infinity;
  regimes.regimes.forEach((r, index) => {
    let dist = 0;
    for (let j = 0; j < r.centre.length; j++) {
      const off = point[j] - r.centre[j];
      if (!(Math.abs(off) <= t.unseenSigma * r.sigma[j])) return;
      dist += (off / regimes.scale[j]) ** 2;
    }
    if (dist < bestD) {
      bestD = dist;
      best = index;
    }
  });
  return best;
}

export interface RegimeNormalized {
  /** Each normalised signal on its own grid; samples of unseen or unassigned hours are NaN. */
  series: Map<string, Series>;
  /** Hours per regime, hours assigned to none ('unseen': out-of-domain), and hours without usable regime-signal data. */
  hoursByRegime: number[];
  unseenHours: number;
  unassignedHours: number;
}

/**
 * Every sample of each of `regimes.signals` as (x − level) / spread of the regime of its hour
 * (the regime signals' hourly means, `assignRegime`). The regime signals themselves are not
 * returned. Spreads are floored as `normalizeSeries` floors them.
 */
export function normalizeByRegime(series: SeriesBySignal, regimes: Regimes, t = NORMALIZATION_THRESHOLDS.regimes): RegimeNormalized {
  const grid = regimeHours(regimes.regimeSignals, series, []);
  const { d } = grid;
  const UNSEEN = -2;
  const label = new Int32Array(grid.total).fill(-1);
  const hoursByRegime = regimes.regimes.map(() => 0);
  let unseen = 0;
  for (let b = 0; b < grid.total; b++) {
    if (!grid.complete(b)) continue;
    const r = assignRegime(grid.values.subarray(b * d, b * d + d), regimes, t);
    label[b] = r === 'unseen' ? UNSEEN : r;
    if (r === 'unseen') unseen++;
    else hoursByRegime[r]++;
  }
  const out = new Map<string, Series>();
  regimes.signals.forEach((signal, k) => {
    const s = seriesOf(series, signal);
    if (!s) return;
    const level = regimes.regimes.map((r) => r.levels[k].level);
    const spread = regimes.regimes.map((r) => flooredSpread(r.levels[k].level, r.levels[k].spread));
    const values = new Float32Array(s.values.length);
    for (let i = 0; i < values.length; i++) {
      const b = Math.floor((s.startMs + i * s.intervalMs - grid.originMs) / grid.stepMs);
      const r = b >= 0 && b < grid.total ? label[b] : -1;
      values[i] = r >= 0 ? (s.values[i] - level[r]) / spread[r] : NaN;
    }
    out.set(signal, { startMs: s.startMs, intervalMs: s.intervalMs, values });
  });
  const step = grid.stepMs / HOUR_MS;
  const assigned = hoursByRegime.reduce((a, b) => a + b, 0);
  return {
    series: out,
    hoursByRegime: hoursByRegime.map((h) => h * step),
    unseenHours: unseen * step,
    unassignedHours: (grid.total - assigned - unseen) * step,
  };
}
