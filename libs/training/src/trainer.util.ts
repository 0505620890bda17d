import * as tf from '@tensorflow/tfjs';
import { defaultBatchSize } from './dense-network.util';
import { Standardisation } from './feature-matrix.util';
import { TrainOptions } from './trained-model.types';
import { TrainingErrorCode, TrainingException } from './training.exception';

export interface ResolvedOptions {
  epochs: number;
  seed: number;
  batchSize: number;
  learningRate: number;
}

export function resolveOptions(opts: TrainOptions): ResolvedOptions {
  const resolved = {
    epochs: opts.epochs ?? 30,
    seed: opts.seed ?? 42,
    batchSize: opts.batchSize ?? defaultBatchSize(opts.rows),
    learningRate: opts.learningRate ?? 0.005,
  };
  positiveInteger('epochs', resolved.epochs);
  positiveInteger('batchSize', resolved.batchSize);
  if (!Number.isInteger(resolved.seed)) invalidOption('seed', `seed must be an integer, got ${resolved.seed}`);
  if (!(resolved.learningRate > 0 && Number.isFinite(resolved.learningRate))) {
    invalidOption('learningRate', `learningRate must be a positive number, got ${resolved.learningRate}`);
  }
  for (const units of opts.hiddenUnits ?? []) positiveInteger('hiddenUnits', units);
  return resolved;
}

export function invalidOption(field: string, message: string): never {
  throw new TrainingException(TrainingErrorCode.InvalidOptions, message, [{ field, message }]);
}

function positiveInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) invalidOption(field, `${field} must be a positive integer, got ${value}`);
}

/** (x − mean) / std in float32, the same arithmetic the ONNX graph's Sub/Div does. */
export function standardise(x: tf.Tensor2D, scaling: Standardisation): tf.Tensor2D {
  return tf.tidy(() => tf.div(tf.sub(x, tf.tensor1d(scaling.mean)), tf.tensor1d(scaling.std)) as tf.Tensor2D);
}

/** Wraps tensor scoring so callers pass and get plain typed arrays. */
export function rowScorer(cols: number, score: (x: tf.Tensor2D) => tf.Tensor): (features: Float32Array, rows: number) => Float32Array {
  return (features, rows) => {
    if (features.length !== rows * cols) {
      throw new TrainingException(
        TrainingErrorCode.InvalidFeatures,
        `features has ${features.length} values but rows × cols = ${rows} × ${cols} = ${rows * cols}`,
      );
    }
    return tf.tidy(() => Float32Array.from(score(tf.tensor2d(features, [rows, cols])).dataSync()));
  };
}
