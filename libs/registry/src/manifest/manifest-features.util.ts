import { featureNames } from '@fleetgate/inference';
import { ModelManifest } from './manifest.types';

/** Width of the model input: one column per signal × aggregation. */
export function featureCount(manifest: Pick<ModelManifest, 'signals' | 'input'>): number {
  return manifest.signals.length * manifest.input.aggregations.length;
}

/**
 * Column names of the model input, signal-major ('vibration_rms.mean', 'vibration_rms.std', …,
 * 'bearing_temp.mean', …): inference's `featureNames` over the manifest's signals and aggregations,
 * so the registry and the feature builder cannot disagree on the order.
 */
export function manifestFeatureNames(manifest: Pick<ModelManifest, 'signals' | 'input'>): string[] {
  return featureNames({ signals: manifest.signals, aggregations: manifest.input.aggregations });
}
