import type { Aggregation } from '@fleetgate/inference';
import type { ManifestNormalization } from './manifest-normalization.util';

/** File name of the manifest that sits beside a model's .onnx. */
export const MANIFEST_FILE_NAME = 'fleetgate.model.json';

export const SUPPORTED_TASKS = ['failure-probability', 'anomaly-score'] as const;
export type ModelTask = (typeof SUPPORTED_TASKS)[number];

export interface ManifestInput {
  kind: 'features';
  /**
   * Name of the model's ONNX input, when the manifest states it (then it must match the
   * file). Absent: whatever single input the file has (exporters use `x`, `input`,
   * `float_input`…); the registry stores the name it found with the version.
   */
  name?: string;
  /** Duration text, e.g. '6h'. */
  window: string;
  /** Duration text between consecutive window ends, e.g. '1h'. */
  step: string;
  /** Per-window aggregations the feature builder computes (`AGGREGATIONS` of @fleetgate/inference), in the order the manifest lists them. */
  aggregations: Aggregation[];
  /** Share of a window's samples that must be present for the window to be used (0..1). */
  minCoverage: number;
}

export interface ManifestOutput {
  name: string;
  higherIsWorse: boolean;
  threshold: number;
}

export interface ManifestTraining {
  machineIds: string[];
  /** ISO 8601 instants as written in the manifest. */
  from: string;
  to: string;
  framework?: string;
  commit?: string;
  metadata?: Record<string, unknown>;
}

/** A validated `fleetgate.model.json`, with defaults filled in. */
export interface ModelManifest {
  name: string;
  description?: string;
  task: ModelTask;
  /** failure-probability only: the model predicts a failure within this duration. */
  horizon?: string;
  signals: string[];
  input: ManifestInput;
  normalization: ManifestNormalization;
  output: ManifestOutput;
  training: ManifestTraining;
}

export interface ManifestError {
  /** Path of the offending field, e.g. 'input.aggregations[2]'; '' for the document itself. */
  field: string;
  message: string;
}

export type ManifestParseResult = { ok: true; manifest: ModelManifest } | { ok: false; errors: ManifestError[] };
