/**
 * Which feature windows a trainer learns from. A window is [end − windowMs, end);
 * failures are instants (epoch ms). What counts as a healthy window is not defined here
 * but in `healthyWindowMask` of @fleetgate/inference, shared with the reference profile,
 * the evaluation and scoring.
 */

/** The rows of a feature matrix a trainer learns from (and their labels for a failure model). */
export interface TrainingSet {
  features: Float32Array;
  rows: number;
  cols: number;
  labels?: Uint8Array;
  positives: number;
}

/** Copies the rows where `keep[r]` is true (row-major, `cols` per row). */
export function selectRows(features: Float32Array, cols: number, keep: ArrayLike<number | boolean>): { features: Float32Array; rows: number; index: number[] } {
  const index: number[] = [];
  for (let r = 0; r < keep.length; r++) if (keep[r]) index.push(r);
  const out = new Float32Array(index.length * cols);
  index.forEach((r, k) => out.set(features.subarray(r * cols, (r + 1) * cols), k * cols));
  return { features: out, rows: index.length, index };
}

/** Anomaly model: healthy windows only (mask 1). */
export function anomalyTrainingSet(features: Float32Array, cols: number, healthy: Uint8Array): TrainingSet {
  const { features: f, rows } = selectRows(features, cols, healthy);
  return { features: f, rows, cols, positives: 0 };
}

/** Failure model: windows labelled 0/1; windows containing a failure (−1) are left out. */
export function failureTrainingSet(features: Float32Array, cols: number, labels: Int8Array): TrainingSet {
  const keep = Array.from(labels, (l) => l >= 0);
  const { features: f, rows, index } = selectRows(features, cols, keep);
  const y = Uint8Array.from(index, (r) => labels[r]);
  return { features: f, rows, cols, labels: y, positives: y.reduce((a, v) => a + v, 0) };
}

/**
 * Failure-probability labels: 1 when a failure happens within `horizonMs` after the
 * window's end, 0 when none does, −1 for a window that contains a failure (neither a
 * warning nor a healthy example: it is dropped from training).
 */
export function failureWithinHorizonLabels(windowEndMs: ArrayLike<number>, windowMs: number, failuresMs: readonly number[], horizonMs: number): Int8Array {
  const out = new Int8Array(windowEndMs.length);
  for (let i = 0; i < windowEndMs.length; i++) {
    const end = windowEndMs[i];
    let label = 0;
    for (const f of failuresMs) {
      if (f >= end - windowMs && f < end) {
        label = -1;
        break;
      }
      if (f >= end && f < end + horizonMs) label = 1;
    }
    out[i] = label;
  }
  return out;
}
