import { DenseLayerWeights } from './dense-network.util';
import { FeatureMatrix, Standardisation } from './feature-matrix.util';
import { TrainingBackend } from './tf-backend.util';

export interface TrainOptions extends FeatureMatrix {
  /** Passes over the data (default 30). */
  epochs?: number;
  /** Same data + seed → same weights (default 42). */
  seed?: number;
  batchSize?: number;
  /** Adam learning rate (default 0.005). */
  learningRate?: number;
  /** Widths of the hidden Dense layers; each trainer has its own default. */
  hiddenUnits?: number[];
  /** Name of the ONNX output (default 'score'); the manifest's output.name must match it. */
  outputName?: string;
}

export interface TrainedModel {
  task: 'anomaly-score' | 'failure-probability';
  /** The serialised ONNX model: input 'features' [N, cols] float32 → output [N, 1] float32. */
  onnx: Uint8Array;
  inputName: string;
  outputName: string;
  featureNames: string[];
  scaling: Standardisation;
  layers: DenseLayerWeights[];
  /** The model's score for every training row, in row order. */
  trainingScores: Float32Array;
  /** Training loss after each epoch. */
  lossHistory: number[];
  backend: TrainingBackend;
  seed: number;
  epochs: number;
  /** Scores rows with the tfjs network itself — the reference the ONNX export must reproduce. */
  predict(features: Float32Array, rows: number): Float32Array;
  /** Frees the tfjs weights; `onnx` and the arrays above stay usable. */
  dispose(): void;
}

export interface AnomalyModel extends TrainedModel {
  task: 'anomaly-score';
  /** Score above which a window is anomalous: the `thresholdQuantile` of the training scores. */
  threshold: number;
  thresholdQuantile: number;
}

export interface FailureModel extends TrainedModel {
  task: 'failure-probability';
  positiveCount: number;
  /** Loss weight given to a positive row relative to a negative one. */
  positiveWeight: number;
}
