import * as tf from '@tensorflow/tfjs';
import { buildDenseNetwork, denseLayerWeights, DenseSpec, fitNetwork } from './dense-network.util';
import { assertFeatureMatrix, quantile, standardisation } from './feature-matrix.util';
import { denseNetworkToOnnx, ONNX_DEFAULT_OUTPUT_NAME, ONNX_INPUT_NAME } from './onnx-export.util';
import { initTrainingBackend } from './tf-backend.util';
import { AnomalyModel, TrainOptions } from './trained-model.types';
import { invalidOption, resolveOptions, rowScorer, standardise } from './trainer.util';

export interface AnomalyTrainOptions extends TrainOptions {
  /** Quantile of the training scores used as the alarm threshold (default 0.99). */
  thresholdQuantile?: number;
}

/**
 * Trains an autoencoder on (healthy) feature windows. A window's anomaly score is the
 * mean squared reconstruction error of its standardised features; the exported ONNX
 * graph computes that error itself, so its output is the score.
 */
export async function trainAnomalyModel(opts: AnomalyTrainOptions): Promise<AnomalyModel> {
  assertFeatureMatrix(opts);
  const { epochs, seed, batchSize, learningRate } = resolveOptions(opts);
  const thresholdQuantile = opts.thresholdQuantile ?? 0.99;
  if (!(thresholdQuantile > 0 && thresholdQuantile <= 1)) {
    invalidOption('thresholdQuantile', `thresholdQuantile must be in (0, 1], got ${thresholdQuantile}`);
  }
  const backend = await initTrainingBackend();
  const { rows, cols } = opts;
  const specs = autoencoderLayers(cols, opts.hiddenUnits);
  const scaling = standardisation(opts);

  const model = buildDenseNetwork(cols, specs, seed);
  const x = tf.tensor2d(opts.features, [rows, cols]);
  const z = standardise(x, scaling);
  let lossHistory: number[];
  try {
    lossHistory = await fitNetwork(model, z, z, { epochs, batchSize, learningRate, seed, loss: 'meanSquaredError' });
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    tf.dispose([x, z]);
  }

  const predict = rowScorer(cols, (input) => {
    const standardised = standardise(input, scaling);
    const reconstruction = model.predict(standardised) as tf.Tensor2D;
    return tf.mean(tf.square(tf.sub(reconstruction, standardised)), 1, true);
  });
  const trainingScores = predict(opts.features, rows);
  const layers = denseLayerWeights(model, specs);
  const outputName = opts.outputName ?? ONNX_DEFAULT_OUTPUT_NAME;
  const threshold = quantile(trainingScores, thresholdQuantile);
  const onnx = denseNetworkToOnnx({
    layers,
    scaling,
    head: 'reconstruction-error',
    featureNames: opts.featureNames,
    outputName,
    metadata: { 'fleetgate.task': 'anomaly-score', 'fleetgate.threshold': String(threshold) },
    docString: 'Autoencoder anomaly score: mean squared reconstruction error of the standardised features.',
  });

  return {
    task: 'anomaly-score',
    onnx,
    inputName: ONNX_INPUT_NAME,
    outputName,
    featureNames: [...opts.featureNames],
    scaling,
    layers,
    trainingScores,
    lossHistory,
    backend,
    seed,
    epochs,
    threshold,
    thresholdQuantile,
    predict,
    dispose: () => model.dispose(),
  };
}

/**
 * Encoder cols → h → bottleneck (tanh keeps the code bounded), mirrored decoder, linear
 * output so it can reconstruct standardised values of either sign.
 */
export function autoencoderLayers(cols: number, hiddenUnits?: number[]): DenseSpec[] {
  const encoder = hiddenUnits?.length ? hiddenUnits : [clamp(Math.ceil(cols / 2), 4, 64), clamp(Math.ceil(cols / 8), 2, 16)];
  const specs: DenseSpec[] = encoder.map((units, i) => ({ units, activation: i === encoder.length - 1 ? 'tanh' : 'relu' }));
  for (let i = encoder.length - 2; i >= 0; i--) specs.push({ units: encoder[i], activation: 'relu' });
  specs.push({ units: cols, activation: 'linear' });
  return specs;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
