import { ModelManifest, ModelTask } from '../manifest/manifest.types';

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

export interface TrainedManifestInput {
  name: string;
  task: ModelTask;
  signals: string[];
  window: string;
  step: string;
  aggregations: ModelManifest['input']['aggregations'];
  minCoverage: number;
  horizon?: string;
  outputName: string;
  threshold: number;
  machineIds: string[];
  fromMs: number;
  toMs: number;
  framework: string;
  metadata: Record<string, unknown>;
}

/** The `fleetgate.model.json` written beside a model the platform trained itself. */
export function trainedModelManifest(m: TrainedManifestInput): Record<string, unknown> {
  return {
    name: m.name,
    task: m.task,
    ...(m.task === 'failure-probability' ? { horizon: m.horizon } : {}),
    signals: m.signals,
    input: { kind: 'features', window: m.window, step: m.step, aggregations: m.aggregations, minCoverage: m.minCoverage },
    normalization: 'none',
    output: { name: m.outputName, higherIsWorse: true, threshold: m.threshold },
    training: {
      machineIds: m.machineIds,
      from: new Date(m.fromMs).toISOString(),
      to: new Date(m.toMs).toISOString(),
      framework: m.framework,
      metadata: m.metadata,
    },
  };
}
