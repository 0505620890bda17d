import * as tf from '@tensorflow/tfjs';
import { permutation, seededRandom } from './feature-matrix.util';

export type DenseActivation = 'relu' | 'sigmoid' | 'tanh' | 'linear';

export interface DenseSpec {
  units: number;
  activation: DenseActivation;
}

/** One trained Dense layer as plain arrays; `kernel` is tfjs's [in, out] layout, row-major. */
export interface DenseLayerWeights {
  inUnits: number;
  outUnits: number;
  kernel: Float32Array;
  bias: Float32Array;
  activation: DenseActivation;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  loss: 'meanSquaredError' | 'binaryCrossentropy';
  /** Per-class weights for a binary target, e.g. { 0: 1, 1: 20 } for rare failures. */
  classWeight?: Record<number, number>;
}

/**
 * A plain stack of Dense layers. Each layer's Glorot initialiser gets its own seed
 * (seed + layer index) so equal-shaped layers do not start identical; biases start at 0.
 */
export function buildDenseNetwork(inputs: number, layers: DenseSpec[], seed: number): tf.Sequential {
  const model = tf.sequential();
  layers.forEach((spec, i) => {
    model.add(
      tf.layers.dense({
        ...(i === 0 ? { inputShape: [inputs] } : {}),
        units: spec.units,
        activation: spec.activation,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
        biasInitializer: 'zeros',
      }),
    );
  });
  return model;
}

/**
 * Trains with Adam. tfjs's own `shuffle` uses Math.random, so rows are shuffled here
 * with a seeded permutation per epoch and fed unshuffled: same data + seed, same model.
 * Returns the loss after each epoch.
 */
export async function fitNetwork(model: tf.Sequential, x: tf.Tensor2D, y: tf.Tensor2D, opts: FitOptions): Promise<number[]> {
  // The model does not own an optimizer passed in as an object: dispose it here or its Adam moments leak.
  const optimizer = tf.train.adam(opts.learningRate);
  model.compile({ optimizer, loss: opts.loss });
  const random = seededRandom(opts.seed ^ 0x9e3779b9);
  const rows = x.shape[0];
  const losses: number[] = [];
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      const order = tf.tensor1d(permutation(rows, random), 'int32');
      const xs = tf.gather(x, order);
      const ys = tf.gather(y, order);
      try {
        const history = await model.fit(xs, ys, {
          epochs: 1,
          batchSize: opts.batchSize,
          shuffle: false,
          verbose: 0,
          ...(opts.classWeight ? { classWeight: opts.classWeight } : {}),
        });
        losses.push(Number(history.history.loss[0]));
      } finally {
        tf.dispose([order, xs, ys]);
      }
    }
  } finally {
    optimizer.dispose();
  }
  return losses;
}

/** Reads the trained weights out of the network, layer by layer. */
export function denseLayerWeights(model: tf.Sequential, specs: DenseSpec[]): DenseLayerWeights[] {
  return model.layers.map((layer, i) => {
    const [kernel, bias] = layer.getWeights();
    const [inUnits, outUnits] = kernel.shape;
    return {
      inUnits,
      outUnits,
      kernel: Float32Array.from(kernel.dataSync()),
      bias: Float32Array.from(bias.dataSync()),
      activation: specs[i].activation,
    };
  });
}

/** Default batch size: small data still gets several updates per epoch. */
export function defaultBatchSize(rows: number): number {
  return Math.max(16, Math.min(256, 2 ** Math.round(Math.log2(Math.max(1, rows / 32)))));
}
