import type { Series } from '@fleetgate/common';
import { SeriesBySignal } from '../features/feature-grid.util';
import { seriesOf } from '../features/signal-levels.util';
import type { Baseline, SignalBaseline } from './baseline.util';
import { NORMALIZATION_THRESHOLDS } from './normalization-thresholds';

/**
 * The spread a signal is divided by: its baseline spread, floored at `flatTolerance` × |level|
 * (below float32 resolution a spread is no spread, and dividing by it would turn storage noise
 * into huge values); a signal flat at exactly 0 keeps its units (1).
 */
export function flooredSpread(level: number, spread: number, flatTolerance: number = NORMALIZATION_THRESHOLDS.normalize.flatTolerance): number {
  const s = Math.max(spread, flatTolerance * Math.abs(level));
  return s > 0 ? s : s === 0 ? 1 : NaN;
}

/**
 * Each baseline signal expressed relative to the machine's own healthy baseline: (x − level) /
 * spread, sample by sample, on the series' own grid. THE one implementation: the trainer, the
 * evaluation and production scoring all call this, so a model never sees a machine normalised
 * one way in training and another in scoring.
 *
 * Missing samples stay NaN; a signal whose baseline has no level (no usable hours) becomes all
 * NaN, so the feature builder drops its windows instead of scoring raw values. Only the
 * baseline's signals are returned (raw and normalised values must not mix); one without a
 * series is left out, and the feature builder refuses it with MISSING_SIGNAL.
 */
export function normalizeSeries(series: SeriesBySignal, baseline: Baseline | readonly SignalBaseline[]): Map<string, Series> {
  const signals = 'signals' in baseline ? baseline.signals : baseline;
  const out = new Map<string, Series>();
  for (const b of signals) {
    const s = seriesOf(series, b.signal);
    if (!s) continue;
    const level = b.level;
    const spread = flooredSpread(b.level, b.spread);
    const values = new Float32Array(s.values.length);
    // NaN in, NaN out; a NaN level or spread makes every sample NaN.
    for (let i = 0; i < values.length; i++) values[i] = (s.values[i] - level) / spread;
    out.set(b.signal, { startMs: s.startMs, intervalMs: s.intervalMs, values });
  }
  return out;
}
