import type { Series } from '@fleetgate/common';
import { InferenceErrorCode, InferenceException } from '../inference.exception';

export type SeriesBySignal = ReadonlyMap<string, Series> | Readonly<Record<string, Series | undefined>>;

/** The common sample grid of one machine's signals; each series sits at a whole-sample offset on it. */
export interface SignalGrid {
  startMs: number;
  intervalMs: number;
  length: number;
  series: Series[];
  /** Grid index of each series' first sample (in recipe signal order). */
  offsets: number[];
}

// Epoch-ms grids are usually integral; the tolerance only absorbs fractional intervals (e.g. 1000/3 ms).
function wholeMultiple(value: number, unit: number): number | undefined {
  const ratio = value / unit;
  const rounded = Math.round(ratio);
  return Math.abs(ratio - rounded) <= 1e-9 * Math.max(1, Math.abs(ratio)) ? rounded : undefined;
}

function lookup(series: SeriesBySignal, signal: string): Series | undefined {
  if (series instanceof Map) return series.get(signal);
  return (series as Readonly<Record<string, Series | undefined>>)[signal];
}

/**
 * Puts the recipe's signals on one grid. Series of one machine normally share the grid;
 * series that start or end at different samples are padded with missing values, but
 * series with different intervals or phases are refused: resampling belongs to ingest,
 * where it can be recorded, not to feature building where it would be silent.
 */
export function alignSignals(signals: readonly string[], bySignal: SeriesBySignal): SignalGrid {
  const series = signals.map((signal) => {
    const s = lookup(bySignal, signal);
    if (s === undefined) {
      throw new InferenceException(InferenceErrorCode.MissingSignal, `no series for signal "${signal}"`);
    }
    if (!(s.values instanceof Float32Array)) {
      throw new InferenceException(InferenceErrorCode.GridMismatch, `series "${signal}": values must be a Float32Array`);
    }
    if (!Number.isFinite(s.startMs) || !Number.isFinite(s.intervalMs) || s.intervalMs <= 0) {
      throw new InferenceException(
        InferenceErrorCode.GridMismatch,
        `series "${signal}": startMs must be finite and intervalMs positive (got ${s.startMs}, ${s.intervalMs})`,
      );
    }
    return s;
  });
  const intervalMs = series[0].intervalMs;
  const differing = series.findIndex((s) => s.intervalMs !== intervalMs);
  if (differing >= 0) {
    throw new InferenceException(
      InferenceErrorCode.GridMismatch,
      `signals have different sampling intervals (${signals[0]}: ${intervalMs} ms, ` +
        `${signals[differing]}: ${series[differing].intervalMs} ms); resample at ingest`,
    );
  }
  const startMs = Math.min(...series.map((s) => s.startMs));
  const offsets = series.map((s, i) => {
    const offset = wholeMultiple(s.startMs - startMs, intervalMs);
    if (offset === undefined) {
      throw new InferenceException(
        InferenceErrorCode.GridMismatch,
        `series "${signals[i]}" starts at ${s.startMs}, which is not on the ${intervalMs} ms grid ` + `of the other signals (starting ${startMs})`,
      );
    }
    return offset;
  });
  const length = Math.max(...series.map((s, i) => offsets[i] + s.values.length));
  return { startMs, intervalMs, length, series, offsets };
}

/** Converts a recipe duration to a whole number of samples of the grid, or refuses it. */
export function durationInSamples(name: string, ms: number, intervalMs: number): number {
  const samples = wholeMultiple(ms, intervalMs);
  if (samples === undefined || samples < 1) {
    throw new InferenceException(InferenceErrorCode.GridMismatch, `${name} of ${ms} ms is not a whole number of ${intervalMs} ms samples`);
  }
  return samples;
}
