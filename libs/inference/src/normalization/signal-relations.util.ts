import { HOUR_MS } from '@fleetgate/common';
import { SeriesBySignal } from '../features/feature-grid.util';
import { hourlyBlocks, levelOf, seriesOf } from '../features/signal-levels.util';
import { NORMALIZATION_THRESHOLDS } from './normalization-thresholds';

/**
 * The domain check under per-machine baselines. Once each machine is expressed relative to its
 * own baseline, levels and spreads are equal by construction, so the old level-shift and
 * spread-ratio tests say nothing. What can still differ, and what a model trained on the pilot
 * relies on, is how the signals move together and at which time scale they move:
 * - the Pearson correlation matrix of the hour-to-hour changes of healthy hourly means
 *   (temperature follows load, say). Changes, not levels: a slow drift every signal shares (wear
 *   that is not yet a failure, a season) makes levels correlate on any machine, and says nothing
 *   about how the signals answer each other;
 * - per signal, within-hour variance / between-hour variance (fast noise vs slow movement).
 * Both are invariant to a signal's level and scale, so they compare raw or normalised data alike.
 */
export interface SignalRelations {
  signals: string[];
  /** Hour-to-hour changes the correlations rest on: consecutive hours at which every signal has an hourly mean. */
  hours: number;
  /** Row-major k × k Pearson correlations of the changes of hourly means; NaN where a signal does not move. */
  correlation: Float64Array;
  /**
   * Per signal: (median within-hour σ)² / (between-hour σ)², the two parts `levelOf` combines into
   * the spread (between = 1.4826 · MAD of hourly means, with its quantised fallback). NaN for a flat signal.
   */
  varianceRatio: Float64Array;
}

/** Pearson correlation of equal-length arrays (two-pass, so large levels do not cancel); NaN when either side is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`pearson: ${n} x but ${y.length} y`);
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** The within/between ratio of one signal's hourly blocks, from `levelOf` with the other part zeroed — the same estimator, not a copy of it. */
function varianceRatioOf(means: Float64Array, stds: Float64Array, n: number): number {
  const zeros = new Float64Array(n);
  const within = levelOf(zeros, stds, n).std;
  const between = levelOf(means, zeros, n).std;
  if (!(within > 0) && !(between > 0)) return NaN;
  return (within * within) / (between * between);
}

/** Correlations of the hour-to-hour changes and variance ratios of healthy hourly means, leaving out the `excluded` ranges (`unhealthyRanges`, or all but a period). */
export function signalRelations(signals: readonly string[], series: SeriesBySignal, excluded: ReadonlyArray<readonly [number, number]> = []): SignalRelations {
  const k = signals.length;
  const byHour = new Map<number, Float64Array>();
  const varianceRatio = new Float64Array(k).fill(NaN);
  signals.forEach((signal, j) => {
    const s = seriesOf(series, signal);
    if (!s) return;
    const h = hourlyBlocks(s, excluded);
    varianceRatio[j] = h.count ? varianceRatioOf(h.means, h.stds, h.count) : NaN;
    for (let i = 0; i < h.count; i++) {
      let row = byHour.get(h.startMs[i]);
      if (!row) byHour.set(h.startMs[i], (row = new Float64Array(k).fill(NaN)));
      row[j] = h.means[i];
    }
  });
  const complete = [...byHour].filter(([, row]) => row.every((v) => v === v)).sort((a, b) => a[0] - b[0]);
  const stepMs = Math.max(HOUR_MS, ...signals.map((s) => seriesOf(series, s)?.intervalMs ?? 0));
  const changes: Float64Array[] = [];
  for (let i = 1; i < complete.length; i++) {
    if (complete[i][0] - complete[i - 1][0] !== stepMs) continue;
    changes.push(complete[i][1].map((v, j) => v - complete[i - 1][1][j]));
  }
  const columns = signals.map((_, j) => Float64Array.from(changes, (row) => row[j]));
  const correlation = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      // The diagonal is 1 for a signal that moves, NaN for a flat one (like numpy.corrcoef).
      const r = a === b ? (Number.isNaN(pearson(columns[a], columns[a])) ? NaN : 1) : pearson(columns[a], columns[b]);
      correlation[a * k + b] = r;
      correlation[b * k + a] = r;
    }
  }
  return { signals: [...signals], hours: changes.length, correlation, varianceRatio };
}

export interface RelationsComparison {
  status: 'in' | 'out' | 'insufficient-data';
  /** Largest |atanh r − atanh r_pilot| over the signal pairs compared, and its pair. */
  maxFisherZ: number;
  worstPair?: [string, string];
  /** Per signal: max(R, R_pilot) / min(R, R_pilot) of the variance ratios (1 = same composition). */
  varianceRatioFactor: Record<string, number>;
  /** Pairs or signals not compared: flat (NaN) on either side. */
  uncompared: string[];
  reasons: string[];
}

function fisherZ(r: number, clip: number): number {
  return Math.atanh(Math.max(-clip, Math.min(clip, r)));
}

/**
 * A machine's relations against the pilot's, signal by signal as the pilot lists them (a signal
 * the machine lacks is uncompared). Out when a pair's Fisher-z differs by more than `maxFisherZ`
 * or a signal's variance ratio by more than a factor `maxVarianceRatioFactor`; insufficient-data
 * below `minHours` common hours on either side. Thresholds: `NORMALIZATION_THRESHOLDS.relations`.
 */
export function compareSignalRelations(machine: SignalRelations, pilot: SignalRelations, t = NORMALIZATION_THRESHOLDS.relations): RelationsComparison {
  const out: RelationsComparison = { status: 'in', maxFisherZ: 0, varianceRatioFactor: {}, uncompared: [], reasons: [] };
  if (machine.hours < t.minHours || pilot.hours < t.minHours) {
    out.status = 'insufficient-data';
    out.maxFisherZ = NaN;
    out.reasons.push(`${Math.min(machine.hours, pilot.hours)} hour-to-hour changes of healthy hourly levels, need ${t.minHours}`);
    return out;
  }
  const k = pilot.signals.length;
  const index = pilot.signals.map((s) => machine.signals.indexOf(s));
  const km = machine.signals.length;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const rp = pilot.correlation[a * k + b];
      const rm = index[a] < 0 || index[b] < 0 ? NaN : machine.correlation[index[a] * km + index[b]];
      const pair: [string, string] = [pilot.signals[a], pilot.signals[b]];
      if (!(rp === rp && rm === rm)) {
        out.uncompared.push(pair.join('~'));
        continue;
      }
      const dz = Math.abs(fisherZ(rm, t.maxAbsCorrelation) - fisherZ(rp, t.maxAbsCorrelation));
      if (!out.worstPair || dz > out.maxFisherZ) {
        out.maxFisherZ = dz;
        out.worstPair = pair;
      }
      if (dz > t.maxFisherZ)
        out.reasons.push(
          `${pair.join(' ~ ')}: r ${rm.toFixed(2)} against the pilot's ${rp.toFixed(2)} (Fisher-z difference ${dz.toFixed(2)} > ${t.maxFisherZ})`,
        );
    }
  }
  for (let a = 0; a < k; a++) {
    const signal = pilot.signals[a];
    const rp = pilot.varianceRatio[a];
    const rm = index[a] < 0 ? NaN : machine.varianceRatio[index[a]];
    if (!(rp === rp && rm === rm)) {
      out.uncompared.push(signal);
      continue;
    }
    // Both without between-hour movement (∞) or both without within-hour noise (0) compose alike.
    const factor = rp === rm ? 1 : Math.max(rp, rm) / Math.min(rp, rm);
    out.varianceRatioFactor[signal] = factor;
    if (factor > t.maxVarianceRatioFactor) {
      out.reasons.push(
        `${signal}: within/between-hour variance ${rm.toPrecision(3)} against the pilot's ${rp.toPrecision(3)} (a factor ${factor.toFixed(2)} > ${t.maxVarianceRatioFactor})`,
      );
    }
  }
  if (out.reasons.length) out.status = 'out';
  return out;
}
