export { InferenceErrorCode, InferenceException } from './inference.exception';
export { AGGREGATIONS, featureNames, validateFeatureRecipe, type Aggregation, type FeatureRecipe } from './features/feature-recipe.util';
export { type SeriesBySignal } from './features/feature-grid.util';
export { buildFeatureWindows, windowsFromBlocks, type FeatureWindows } from './features/feature-windows.util';
export { computeBlockStats, type BlockStats } from './features/block-stats.util';
export { InferenceSessionCache, type CachedSession, type InferenceSessionCacheOptions, type InferenceSessionCacheStats } from './onnx/inference-session.cache';
export { runBatched } from './onnx/run-batched.util';
export { inspectModel, type ModelSignature, type ModelValueInfo } from './onnx/inspect-model.util';
export { buildMlpOnnx, type DenseActivation, type DenseLayer, type MlpOnnxSpec } from './onnx/onnx-build.util';
export {
  hourlyBlocks,
  levelOf,
  levelsOfBlocks,
  drawnScratch,
  groupedSorted,
  levelOfDrawn,
  levelOfSorted,
  levelScratch,
  seriesOf,
  signalLevels,
  signalLevelsWithBlocks,
  type DrawnScratch,
  type GroupedSorted,
  type HourlyBlocks,
  type LevelScratch,
  type SignalLevel,
} from './features/signal-levels.util';
export { loadDrawn, type DrawnLevels } from './features/drawn-level.util';
export {
  AFTER_EVENT_MS,
  DEFAULT_HEALTHY_HORIZON_MS,
  healthyHorizonMs,
  healthyWindowMask,
  unhealthyRanges,
  type TimedEvent,
} from './features/healthy-windows.util';
// Per-machine normalization: `prepareMachineSeries` is the one path the trainer, the profile, the evaluation and scoring take.
export { NORMALIZATION_THRESHOLDS, type NormalizationThresholds } from './normalization/normalization-thresholds';
export {
  baselineBlockedRanges,
  baselinePeriod,
  blockingEvent,
  type BaselinePeriod,
  type BaselinePeriodCode,
  type BaselinePeriodInput,
} from './normalization/baseline-period.util';
export {
  baselineValidity,
  segmentLevels,
  trendSegmentMs,
  estimateBaseline,
  outsidePeriod,
  type Baseline,
  type BaselineReason,
  type BaselineReasonCode,
  type BaselineTrend,
  type BaselineValidity,
  type SignalBaseline,
} from './normalization/baseline.util';
export { mannKendallZ, theilSenSlope } from './normalization/trend.util';
export { flooredSpread, normalizeSeries } from './normalization/normalize.util';
export { compareSignalRelations, pearson, signalRelations, type RelationsComparison, type SignalRelations } from './normalization/signal-relations.util';
export { kMeans, meanSilhouette, type Clustering } from './normalization/kmeans.util';
export {
  assignRegime,
  fitRegimes,
  machineRegimeLevels,
  normalizeByRegime,
  type FitRegimesInput,
  type Regime,
  type RegimeNormalized,
  type Regimes,
} from './normalization/regimes.util';
export { calibratedThreshold, minHealthyScores, pilotQuantile, trainerQuantile, type CalibratedThreshold } from './normalization/machine-threshold.util';
export {
  applyBaseline,
  DEFAULT_BASELINE_MS,
  NO_NORMALIZATION,
  prepareMachineSeries,
  signalsToRead,
  type MachineBaseline,
  type Normalization,
  type PrepareInput,
  type PreparedSeries,
} from './normalization/machine-normalization.util';
