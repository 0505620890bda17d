import type { Series } from '@fleetgate/common';
import { FeatureRecipe } from '../src/features/feature-recipe.util';
import { naiveFeatureWindows } from '../src/features/feature-windows.reference';
import { buildFeatureWindows } from '../src/features/feature-windows.util';

export interface FeatureWindowsBenchResult {
  samples: number;
  windows: number;
  /** Median and best of the repeats; the best is the better figure on a shared, busy machine. */
  medianMs: number;
  bestMs: number;
  samplesPerSecond: number;
  naiveMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** One machine × 90 days × 1-min × 8 signals, 6 h windows every hour, 5 aggregations. */
export function benchFeatureWindows(repeats = 50): FeatureWindowsBenchResult {
  const n = 90 * 24 * 60;
  const signals = ['vibration_rms', 'bearing_temp', 'winding_temp', 'motor_current', 'power', 'speed', 'pressure', 'flow'];
  let seed = 42;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const input: Record<string, Series> = {};
  signals.forEach((signal, k) => {
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = rand() < 0.02 ? NaN : 10 * (k + 1) + Math.sin(i / 500) + rand();
    input[signal] = { startMs: Date.UTC(2024, 0, 1), intervalMs: 60_000, values };
  });
  const recipe: FeatureRecipe = {
    signals,
    windowMs: 6 * 3_600_000,
    stepMs: 3_600_000,
    aggregations: ['mean', 'std', 'min', 'max', 'slope'],
    minCoverage: 0.8,
  };
  const times: number[] = [];
  let windows = 0;
  for (let r = 0; r < repeats + 2; r++) {
    const t0 = process.hrtime.bigint();
    windows = buildFeatureWindows(recipe, input).rows;
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r >= 2) times.push(ms);
  }
  const t0 = process.hrtime.bigint();
  naiveFeatureWindows(recipe, input);
  const naiveMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const medianMs = median(times);
  const bestMs = Math.min(...times);
  const samples = n * signals.length;
  return { samples, windows, medianMs, bestMs, samplesPerSecond: samples / (medianMs / 1000), naiveMs };
}

if (require.main === module) {
  process.stdout.write(`${JSON.stringify(benchFeatureWindows(), null, 2)}\n`);
}
