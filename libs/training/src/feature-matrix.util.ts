import { trainerQuantile } from '@fleetgate/inference';
import { mulberry32 } from '@fleetgate/stats';
import { TrainingErrorCode, TrainingException } from './training.exception';

/** Row-major feature windows: row r, column c is `features[r * cols + c]`. */
export interface FeatureMatrix {
  features: Float32Array;
  rows: number;
  cols: number;
  featureNames: string[];
}

export interface Standardisation {
  mean: Float32Array;
  /** Population std per column; a constant column gets 1 so the graph never divides by 0. */
  std: Float32Array;
}

/** Refuses a matrix the trainers cannot learn from, naming the first fault. */
export function assertFeatureMatrix(m: FeatureMatrix, minRows = 2): void {
  const fail = (message: string, field = 'features') => {
    throw new TrainingException(TrainingErrorCode.InvalidFeatures, message, [{ field, message }]);
  };
  if (!Number.isInteger(m.rows) || m.rows < minRows) fail(`need at least ${minRows} rows, got ${m.rows}`, 'rows');
  if (!Number.isInteger(m.cols) || m.cols < 1) fail(`need at least one column, got ${m.cols}`, 'cols');
  if (m.features.length !== m.rows * m.cols) {
    fail(`features has ${m.features.length} values but rows × cols = ${m.rows} × ${m.cols} = ${m.rows * m.cols}`);
  }
  if (m.featureNames.length !== m.cols) {
    fail(`featureNames has ${m.featureNames.length} names but there are ${m.cols} columns`, 'featureNames');
  }
  for (let i = 0; i < m.features.length; i++) {
    if (!Number.isFinite(m.features[i])) {
      const row = Math.floor(i / m.cols);
      const name = m.featureNames[i % m.cols];
      // Windows with missing data are meant to be skipped upstream, not imputed here.
      fail(`feature "${name}" is ${m.features[i]} in row ${row}; drop incomplete windows before training`);
    }
  }
}

/** Column means and population standard deviations, accumulated in float64. */
export function standardisation(m: FeatureMatrix): Standardisation {
  const { features, rows, cols } = m;
  const sum = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) sum[c] += features[r * cols + c];
  const mean = new Float64Array(cols);
  for (let c = 0; c < cols; c++) mean[c] = sum[c] / rows;
  const sq = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = features[r * cols + c] - mean[c];
      sq[c] += d * d;
    }
  }
  const std = new Float32Array(cols);
  for (let c = 0; c < cols; c++) {
    const s = Math.sqrt(sq[c] / rows);
    std[c] = s > 1e-12 * Math.max(1, Math.abs(mean[c])) ? s : 1;
  }
  return { mean: Float32Array.from(mean), std };
}

/** Quantile with linear interpolation between order statistics (numpy's default); the one formula per-machine thresholds reuse. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty set');
  return trainerQuantile(Float64Array.from(values).sort(), q);
}

/** A small seeded generator (mulberry32 of @fleetgate/stats) so shuffles repeat exactly for one seed. */
export const seededRandom = mulberry32;

/** Fisher–Yates permutation of 0..n-1 driven by `random`. */
export function permutation(n: number, random: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
