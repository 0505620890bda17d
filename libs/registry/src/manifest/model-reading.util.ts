import { parseDuration } from '@fleetgate/common';
import { FeatureRecipe, healthyHorizonMs, Normalization } from '@fleetgate/inference';
import { normalizationOf } from './manifest-normalization.util';
import { parseManifest } from './manifest-parse.util';
import { ModelManifest } from './manifest.types';

/**
 * A model as the platform reads it: the recipe that turns canonical signals into its
 * input, the names to feed and read, how to read its output, and the horizon that
 * decides which windows are healthy. The reference profile, the trainer, the evaluation
 * and scoring all start from this one reading of a manifest.
 */
export interface ModelReading {
  recipe: FeatureRecipe;
  /** Failure horizon (failure-probability) or the default healthy margin (anomaly-score). */
  horizonMs: number;
  /** The ONNX input to feed the feature rows to, as found in the file at registration. */
  inputName: string;
  output: { name: string; higherIsWorse: boolean; threshold: number };
  /** How the input signals are prepared (`prepareMachineSeries`). */
  normalization: Normalization;
}

/** The ONNX input and output names of a model, as found in its file at registration and stored with the version. */
export interface ModelIoNames {
  inputName: string;
  outputName: string;
}

/**
 * The input name of the models the platform trains itself, and the name assumed for
 * versions registered before input names were stored (the evaluation only fed this name then).
 */
export const MODEL_INPUT_NAME = 'features';

export function modelRecipe(manifest: Pick<ModelManifest, 'signals' | 'input'>): FeatureRecipe {
  return {
    signals: [...manifest.signals],
    windowMs: parseDuration(manifest.input.window),
    stepMs: parseDuration(manifest.input.step),
    aggregations: [...manifest.input.aggregations],
    minCoverage: manifest.input.minCoverage,
  };
}

/**
 * The manifest read with the input and output names of the model's file (`io`: the names the
 * registry stored with the version, or those `checkOnnxModel` found): a model exported as
 * `x → risk` is fed `x` and read at `risk`, whatever the platform's own trainer calls them.
 */
export function readModel(manifest: ModelManifest, io: ModelIoNames): ModelReading {
  return {
    recipe: modelRecipe(manifest),
    horizonMs: healthyHorizonMs(manifest.horizon ? parseDuration(manifest.horizon) : undefined),
    inputName: io.inputName,
    output: { name: io.outputName, higherIsWorse: manifest.output.higherIsWorse, threshold: manifest.output.threshold },
    normalization: normalizationOf(manifest.normalization),
  };
}

/** A stored manifest (validated at registration) back to a typed one; one that no longer parses is a corrupt row, a 500. */
export function storedManifest(text: string): ModelManifest {
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new Error(`stored manifest no longer parses: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return parsed.manifest;
}
