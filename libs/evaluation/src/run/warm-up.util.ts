import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { FeatureRecipe } from '@fleetgate/inference';
import { assembleHours, EncodedDay, HourlySeries, ROLLUP_FIELDS, rollupDayBytes } from '@fleetgate/telemetry';
import { referenceBins, histogram, sortedCopy } from '@fleetgate/stats';
import { hourlyWindows } from '../hourly-input.util';
import { ProfileView } from '../profile-view.util';
import type { AssessArgs } from './assessment-pool';

const MIN = 60_000;
const DAYS = 30;
const SIGNALS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
const RECIPE: FeatureRecipe = {
  signals: SIGNALS,
  windowMs: 6 * HOUR_MS,
  stepMs: HOUR_MS,
  aggregations: ['mean', 'std', 'min', 'max', 'slope', 'last'],
  minCoverage: 0.8,
};

/**
 * A made-up machine taken through the evaluation's own code — its stored rollup bytes decoded
 * into hours, its feature windows, then `assessMachine` — so that a worker compiles that code
 * before its first real evaluation rather than during it (`AssessmentPool.warmUp`). 30 days of 8
 * minute signals with a daily cycle and noise, a failure, a gap; scores from the first feature;
 * a reference profile from another such machine, two of its signals' levels near the domain's
 * bound. Nothing of it is stored or reported.
 */
export function warmUpMachine(seed: number): AssessArgs {
  const from = Date.UTC(2026, 0, 1);
  const hourly = madeUpHours(seed, from);
  const windows = hourlyWindows(RECIPE, hourly);
  const scores = Float32Array.from({ length: windows.rows }, (_, r) => windows.features[r * windows.cols]);
  return {
    model: { recipe: RECIPE, horizonMs: 3 * DAY_MS, output: { name: 'score', higherIsWorse: true, threshold: 100.5 } },
    profile: madeUpProfile(seed + 1, from),
    series: {},
    hourly,
    missingSignals: [],
    events: [{ ts: from + 20 * DAY_MS, kind: 'failure' }],
    errorEventsMs: [from + 19 * DAY_MS],
    windows,
    scores,
    fromMs: from,
    toMs: from + DAYS * DAY_MS,
    seedKey: `warm-up-${seed}`,
  };
}

/** Each signal's days as the store keeps them (rollup bytes), read back into hours as `readHourly` does. */
function madeUpHours(seed: number, from: number): Record<string, HourlySeries> {
  let s = seed;
  const rand = (): number => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const out: Record<string, HourlySeries> = {};
  SIGNALS.forEach((signal, k) => {
    const days: EncodedDay[] = [];
    for (let d = 0; d < DAYS; d++) {
      const values = new Float32Array(1440);
      for (let i = 0; i < values.length; i++) values[i] = 100 + k + 3 * Math.sin((2 * Math.PI * i) / 1440) + rand();
      if (d === 7) values.fill(NaN, 300, 500);
      const day = from + d * DAY_MS;
      days.push({ day, startMs: day, intervalMs: MIN, bytes: rollupDayBytes({ day, startMs: day, intervalMs: MIN, values }), fields: ROLLUP_FIELDS });
    }
    out[signal] = assembleHours(days, from, from + DAYS * DAY_MS, MIN, from);
  });
  return out;
}

function madeUpProfile(seed: number, from: number): ProfileView {
  const w = hourlyWindows(RECIPE, madeUpHours(seed, from));
  const features = Array.from({ length: w.cols }, (_, c) => {
    const sorted = sortedCopy(Float32Array.from({ length: w.rows }, (_, r) => w.features[r * w.cols + c]));
    const edges = referenceBins(sorted);
    return { name: w.featureNames[c], sorted, edges, proportions: histogram(sorted, edges), std: 1 };
  });
  return {
    features,
    // Two signals about a pilot σ off (the noise adds 0.44 to the level): on the bound, so their intervals take the
    // full bootstrap; the others settle early.
    signals: Object.fromEntries(SIGNALS.map((signal, k) => [signal, { mean: 100 + k + (k < 2 ? 2.74 : 0), std: 2.3 }])),
    outputSorted: features[0].sorted,
    alarmRate: 0.01,
    recall: 1,
    relations: null,
  };
}
