import * as tf from '@tensorflow/tfjs';
import { buildDenseNetwork, denseLayerWeights, DenseSpec, fitNetwork } from './dense-network.util';
import { assertFeatureMatrix, standardisation } from './feature-matrix.util';
import { denseNetworkToOnnx, ONNX_DEFAULT_OUTPUT_NAME, ONNX_INPUT_NAME } from './onnx-export.util';
import { initTrainingBackend } from './tf-backend.util';
import { FailureModel, TrainOptions } from './trained-model.types';
import { invalidOption, resolveOptions, rowScorer, standardise } from './trainer.util';
import { TrainingErrorCode, TrainingException } from './training.exception';

export interface FailureTrainOptions extends TrainOptions {
  /** One per row: 1 = a failure follows within the horizon, 0 = none does. */
  labels: Uint8Array;
  /**
   * Loss weight of a positive row (default 1, which keeps the output a calibrated
   * probability). Raise it when failures are so rare that the network ignores them.
   */
  positiveWeight?: number;
}

/** Trains a small MLP whose sigmoid output is the probability of failure within the horizon. */
export async function trainFailureModel(opts: FailureTrainOptions): Promise<FailureModel> {
  assertFeatureMatrix(opts);
  const positiveCount = countLabels(opts.labels, opts.rows);
  const { epochs, seed, batchSize, learningRate } = resolveOptions(opts);
  const positiveWeight = opts.positiveWeight ?? 1;
  if (!(positiveWeight > 0 && Number.isFinite(positiveWeight))) {
    invalidOption('positiveWeight', `positiveWeight must be a positive number, got ${positiveWeight}`);
  }
  const backend = await initTrainingBackend();
  const { rows, cols } = opts;
  const specs: DenseSpec[] = [...(opts.hiddenUnits ?? [16, 8]).map((units): DenseSpec => ({ units, activation: 'relu' })), { units: 1, activation: 'sigmoid' }];
  const scaling = standardisation(opts);

  const model = buildDenseNetwork(cols, specs, seed);
  const x = tf.tensor2d(opts.features, [rows, cols]);
  const z = standardise(x, scaling);
  const y = tf.tensor2d(Float32Array.from(opts.labels), [rows, 1]);
  let lossHistory: number[];
  try {
    lossHistory = await fitNetwork(model, z, y, {
      epochs,
      batchSize,
      learningRate,
      seed,
      loss: 'binaryCrossentropy',
      ...(positiveWeight !== 1 ? { classWeight: { 0: 1, 1: positiveWeight } } : {}),
    });
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    tf.dispose([x, z, y]);
  }

  const predict = rowScorer(cols, (input) => model.predict(standardise(input, scaling)) as tf.Tensor);
  const layers = denseLayerWeights(model, specs);
  const outputName = opts.outputName ?? ONNX_DEFAULT_OUTPUT_NAME;
  const onnx = denseNetworkToOnnx({
    layers,
    scaling,
    head: 'network-output',
    featureNames: opts.featureNames,
    outputName,
    metadata: { 'fleetgate.task': 'failure-probability' },
    docString: 'MLP failure probability within the horizon.',
  });

  return {
    task: 'failure-probability',
    onnx,
    inputName: ONNX_INPUT_NAME,
    outputName,
    featureNames: [...opts.featureNames],
    scaling,
    layers,
    trainingScores: predict(opts.features, rows),
    lossHistory,
    backend,
    seed,
    epochs,
    positiveCount,
    positiveWeight,
    predict,
    dispose: () => model.dispose(),
  };
}

/** Number of positive labels; refuses labels that are not 0/1 or that hold only one class. */
function countLabels(labels: Uint8Array, rows: number): number {
  if (labels.length !== rows) {
    const message = `labels has ${labels.length} values but there are ${rows} rows`;
    throw new TrainingException(TrainingErrorCode.InvalidLabels, message, [{ field: 'labels', message }]);
  }
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 1) {
      const message = `label of row ${i} is ${labels[i]}; labels must be 0 (no failure within the horizon) or 1 (failure)`;
      throw new TrainingException(TrainingErrorCode.InvalidLabels, message, [{ field: 'labels', row: i, message }]);
    }
    positives += labels[i];
  }
  if (positives === 0) {
    const message =
      `no positive label: all ${rows} windows are labelled 0 (no failure within the horizon); ` +
      'a failure model needs windows that precede a recorded failure';
    throw new TrainingException(TrainingErrorCode.NoPositiveLabel, message, [{ field: 'labels', message }]);
  }
  if (positives === rows) {
    const message = `no negative label: all ${rows} windows are labelled 1; a failure model also needs healthy windows`;
    throw new TrainingException(TrainingErrorCode.NoNegativeLabel, message, [{ field: 'labels', message }]);
  }
  return positives;
}
