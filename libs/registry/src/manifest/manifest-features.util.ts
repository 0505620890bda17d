import { ModelManifest } from './manifest.types';

/** Width of the model input: one column per signal × aggregation. */
export function featureCount(manifest: Pick<ModelManifest, 'signals' | 'input'>): number {
  return manifest.signals.length * manifest.input.aggregations.length;
}

/**
 * Column names of the model input, signal-major: every aggregation of the first signal,
 * then of the second, … ('vibration_rms.mean', 'vibration_rms.std', …, 'bearing_temp.mean', …).
 */
export function featureNames(manifest: Pick<ModelManifest, 'signals' | 'input'>): string[] {
  return manifest.signals.flatMap((signal) => manifest.input.aggregations.map((agg) => `${signal}.${agg}`));
}
