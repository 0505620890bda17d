import type { Series } from '@fleetgate/common';
import type { FeatureRecipe } from './feature-recipe.util';

/**
 * The obvious implementation — a full two-pass scan of every window — kept as the
 * oracle for tests and the baseline for the benchmark. Assumes all series share one
 * grid (same start, interval and length). Do not use it on the hot path.
 */
export function naiveFeatureWindows(
  recipe: FeatureRecipe,
  series: Record<string, Series>,
): { features: number[][]; windowEndMs: number[]; skipped: number; total: number } {
  const first = series[recipe.signals[0]];
  const W = Math.round(recipe.windowMs / first.intervalMs);
  const S = Math.round(recipe.stepMs / first.intervalMs);
  const n = first.values.length;
  const features: number[][] = [];
  const windowEndMs: number[] = [];
  let skipped = 0;
  let total = 0;
  const minValid = recipe.aggregations.includes('slope') ? 2 : 1;
  for (let start = 0; start + W <= n; start += S) {
    total++;
    const row: number[] = [];
    let kept = true;
    for (const signal of recipe.signals) {
      const t: number[] = [];
      const x: number[] = [];
      const values = series[signal].values;
      for (let i = start; i < start + W; i++) {
        if (Number.isFinite(values[i])) {
          t.push(i - start);
          x.push(values[i]);
        }
      }
      if (x.length < minValid || x.length / W < recipe.minCoverage) {
        kept = false;
        break;
      }
      const mean = x.reduce((acc, v) => acc + v, 0) / x.length;
      const tMean = t.reduce((acc, v) => acc + v, 0) / t.length;
      let ss = 0;
      let stt = 0;
      let stx = 0;
      for (let k = 0; k < x.length; k++) {
        ss += (x[k] - mean) ** 2;
        stt += (t[k] - tMean) ** 2;
        stx += (t[k] - tMean) * (x[k] - mean);
      }
      for (const agg of recipe.aggregations) {
        if (agg === 'mean') row.push(mean);
        else if (agg === 'std') row.push(Math.sqrt(ss / x.length));
        else if (agg === 'min') row.push(Math.min(...x));
        else if (agg === 'max') row.push(Math.max(...x));
        else if (agg === 'slope') row.push(stx / stt);
        else row.push(x[x.length - 1]);
      }
    }
    if (kept) {
      features.push(row);
      windowEndMs.push(first.startMs + (start + W) * first.intervalMs);
    } else {
      skipped++;
    }
  }
  return { features, windowEndMs, skipped, total };
}
