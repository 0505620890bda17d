export { InferenceErrorCode, InferenceException } from './inference.exception';
export { AGGREGATIONS, featureNames, validateFeatureRecipe, type Aggregation, type FeatureRecipe } from './features/feature-recipe.util';
export { type SeriesBySignal } from './features/feature-grid.util';
export { buildFeatureWindows, type FeatureWindows } from './features/feature-windows.util';
export { InferenceSessionCache, type CachedSession, type InferenceSessionCacheOptions, type InferenceSessionCacheStats } from './onnx/inference-session.cache';
export { runBatched } from './onnx/run-batched.util';
export { inspectModel, type ModelSignature, type ModelValueInfo } from './onnx/inspect-model.util';
export { buildMlpOnnx, type DenseActivation, type DenseLayer, type MlpOnnxSpec } from './onnx/onnx-build.util';
export {
  hourlyBlocks,
  levelOf,
  drawnScratch,
  levelOfDrawn,
  levelOfSorted,
  levelScratch,
  seriesOf,
  signalLevels,
  type DrawnScratch,
  type GroupedSorted,
  type HourlyBlocks,
  type LevelScratch,
  type SignalLevel,
} from './features/signal-levels.util';
export {
  AFTER_EVENT_MS,
  DEFAULT_HEALTHY_HORIZON_MS,
  healthyHorizonMs,
  healthyWindowMask,
  unhealthyRanges,
  type TimedEvent,
} from './features/healthy-windows.util';
