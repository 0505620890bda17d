import { ManifestNormalization } from './manifest-normalization.util';
import { ModelManifest, ModelTask } from './manifest.types';

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
  /** Default 'none'. */
  normalization?: ManifestNormalization;
}

/** The `fleetgate.model.json` written beside a model the platform trained itself. */
export function trainedModelManifest(m: TrainedManifestInput): Record<string, unknown> {
  return {
    name: m.name,
    task: m.task,
    ...(m.task === 'failure-probability' ? { horizon: m.horizon } : {}),
    signals: m.signals,
    input: { kind: 'features', window: m.window, step: m.step, aggregations: m.aggregations, minCoverage: m.minCoverage },
    normalization: m.normalization ?? 'none',
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
