import { parseDuration } from '@fleetgate/common';
import { FeatureRecipe, healthyHorizonMs } from '@fleetgate/inference';
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
  inputName: string;
  output: { name: string; higherIsWorse: boolean; threshold: number };
}

/** The ONNX input every manifest-described model takes (the trainer's export and the registry's check agree on it). */
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

export function readModel(manifest: ModelManifest): ModelReading {
  return {
    recipe: modelRecipe(manifest),
    horizonMs: healthyHorizonMs(manifest.horizon ? parseDuration(manifest.horizon) : undefined),
    inputName: MODEL_INPUT_NAME,
    output: { name: manifest.output.name, higherIsWorse: manifest.output.higherIsWorse, threshold: manifest.output.threshold },
  };
}

/** A stored manifest (validated at registration) back to a typed one; one that no longer parses is a corrupt row, a 500. */
export function storedManifest(text: string): ModelManifest {
  const parsed = parseManifest(text);
  if (!parsed.ok) throw new Error(`stored manifest no longer parses: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return parsed.manifest;
}
