import { BlockStats, computeBlockStats } from './block-stats.util';
import { aggregationCodes, combineBlocks, WINDOW_SLOTS, writeAggregations } from './window-aggregate.util';
import { fillWindowsWasm, WindowKernelInput } from './window-kernel.util';
import { alignSignals, durationInSamples, SeriesBySignal } from './feature-grid.util';
import { FeatureRecipe, featureNames, validateFeatureRecipe } from './feature-recipe.util';

export interface FeatureWindows {
  /** rows × cols, row-major, in `featureNames` order. A kept row never holds NaN. */
  features: Float32Array;
  rows: number;
  cols: number;
  featureNames: string[];
  /** Exclusive end (epoch ms) of each kept window. */
  windowEndMs: Float64Array;
  /** rows × signals: non-missing fraction of each signal in each kept window. */
  coverage: Float32Array;
  /** Windows dropped because some signal fell below minCoverage (or had too few samples). */
  skipped: number;
  /** Windows that fit the data span; total = rows + skipped. */
  total: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Turns one machine's canonical telemetry into the model's feature windows.
 *
 * Window w covers grid samples [w·step, w·step + window) from the first sample of the
 * (common) grid; only windows that fit entirely inside the data are produced. A window
 * is kept when every signal has coverage ≥ minCoverage and at least one valid sample
 * (two when slope is requested, since a line needs two points), so no kept feature is NaN.
 *
 * Aggregations use valid samples only: mean, population std (ddof 0), min, max,
 * least-squares slope per sample, last valid value. They are combined from partial sums
 * over base blocks of gcd(window, step) samples, so each sample is read once, however
 * much the windows overlap.
 */
export function buildFeatureWindows(recipe: FeatureRecipe, series: SeriesBySignal): FeatureWindows {
  validateFeatureRecipe(recipe);
  const grid = alignSignals(recipe.signals, series);
  const W = durationInSamples('window', recipe.windowMs, grid.intervalMs);
  const S = durationInSamples('step', recipe.stepMs, grid.intervalMs);
  const B = gcd(W, S);
  const total = windowCount(grid.length, W, S);
  const blockCount = total > 0 ? ((total - 1) * S + W) / B : 0;
  const stats: BlockStats[] = grid.series.map((s, i) => computeBlockStats(s.values, grid.offsets[i], B, blockCount));
  return windowsFromBlocks(recipe, grid, stats);
}

/** Windows of `window` samples every `step` that fit a grid of `length` samples. */
export function windowCount(length: number, window: number, step: number): number {
  return length >= window ? Math.floor((length - window) / step) + 1 : 0;
}

/**
 * The same windows from block partial sums made elsewhere — the hourly rollups stored with the
 * samples: `stats[i]` (recipe signal order) holds blocks of `blockSize` samples from the grid's
 * start, and window and step must be whole blocks. With blocks of gcd(window, step) samples this
 * is exactly `buildFeatureWindows`; with smaller blocks only the order of additions differs.
 * The loop runs in WebAssembly (`fillWindowsWasm`, the same windows to the bit); `vector: false`
 * runs the JavaScript definition (`fillWindows`), which the spec compares it with.
 */
export function windowsFromBlocks(
  recipe: FeatureRecipe,
  grid: { startMs: number; intervalMs: number; length: number },
  stats: readonly BlockStats[],
  opts: { vector?: boolean } = {},
): FeatureWindows {
  validateFeatureRecipe(recipe);
  const W = durationInSamples('window', recipe.windowMs, grid.intervalMs);
  const S = durationInSamples('step', recipe.stepMs, grid.intervalMs);
  const B = stats[0]?.blockSize ?? gcd(W, S);
  if (W % B !== 0 || S % B !== 0) throw new Error(`window (${W}) and step (${S}) must be whole blocks of ${B} samples`);
  const blocksPerWindow = W / B;
  const blocksPerStep = S / B;
  const total = windowCount(grid.length, W, S);

  const aggs = aggregationCodes(recipe.aggregations);
  // A line needs two points; with fewer, slope would be NaN.
  const minValid = recipe.aggregations.includes('slope') ? 2 : 1;
  const nSig = recipe.signals.length;
  const nAgg = aggs.length;
  const cols = nSig * nAgg;

  const features = new Float32Array(total * cols);
  const coverage = new Float32Array(total * nSig);
  const windowEndMs = new Float64Array(total);
  const kernel = {
    stats,
    aggs,
    minValid,
    minCoverage: recipe.minCoverage,
    blocksPerWindow,
    blocksPerStep,
    W,
    S,
    startMs: grid.startMs,
    intervalMs: grid.intervalMs,
  };
  let rows: number;
  if (opts.vector === false || stats.some((s) => s.blockSize !== B)) rows = fillWindows(kernel, total, features, coverage, windowEndMs);
  else {
    rows = fillWindowsWasm(kernel, total, features, coverage, windowEndMs);
  }

  return {
    features: rows === total ? features : features.slice(0, rows * cols),
    rows,
    cols,
    featureNames: featureNames(recipe),
    windowEndMs: rows === total ? windowEndMs : windowEndMs.slice(0, rows),
    coverage: rows === total ? coverage : coverage.slice(0, rows * nSig),
    skipped: total - rows,
    total,
  };
}

/**
 * The per-window loop of `windowsFromBlocks`, on its own: a loop inside the caller ran as
 * on-stack-replacement code that V8 threw away at the loop's exit on every machine (no type
 * feedback yet for the code after it), so most windows were built by half-optimised code.
 * Returns the kept rows.
 */
function fillWindows(k: WindowKernelInput, total: number, features: Float32Array, coverage: Float32Array, windowEndMs: Float64Array): number {
  const nSig = k.stats.length;
  const nAgg = k.aggs.length;
  const cols = nSig * nAgg;
  const acc = new Float64Array(WINDOW_SLOTS);
  let rows = 0;
  for (let w = 0; w < total; w++) {
    const firstBlock = w * k.blocksPerStep;
    let kept = true;
    for (let s = 0; s < nSig; s++) {
      const n = combineBlocks(k.stats[s], firstBlock, k.blocksPerWindow, acc);
      const cov = n / k.W;
      if (n < k.minValid || cov < k.minCoverage) {
        kept = false;
        break;
      }
      writeAggregations(acc, k.aggs, features, rows * cols + s * nAgg);
      coverage[rows * nSig + s] = cov;
    }
    if (kept) {
      windowEndMs[rows] = k.startMs + (w * k.S + k.W) * k.intervalMs;
      rows++;
    }
  }
  return rows;
}
