import { DAY_MS, HOUR_MS, Series } from '@fleetgate/common';
import { buildFeatureWindows, FeatureRecipe } from '@fleetgate/inference';
import { assembleHours, HourlySeries, rollupDay, splitIntoChunks } from '@fleetgate/telemetry';
import { assessMachine } from './assess-machine.util';
import { ProfileView } from './profile-view.util';

/**
 * Three weeks of two minute signals of one machine, with the faults the rollups must carry across
 * hours (gaps, a missing day, a stuck run, scattered samples, an early stop), as samples (`RAW`)
 * and as hourly rollups (`HOURLY`); a failure and a maintenance; a recipe and a reference profile.
 * For the specs that compare the evaluation from samples, from rollups and on other threads.
 */
export const MIN = 60_000;
export const T0 = Date.UTC(2026, 0, 1);
export const DAYS = 21;
export const FROM = T0;
export const TO = T0 + DAYS * DAY_MS;

/** A minute series with a daily cycle, noise, a drift before a failure, and the faults the rollups must carry across hours. */
function signal(seed: number, level: number): Float32Array {
  let s = seed;
  const rand = (): number => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const v = new Float32Array(DAYS * 1440);
  for (let i = 0; i < v.length; i++)
    v[i] = level + 3 * Math.sin((2 * Math.PI * i) / 1440) + rand() + (i > 12 * 1440 && i < 14 * 1440 ? (i - 12 * 1440) / 200 : 0);
  v.fill(NaN, 0, 95); // the machine starts at 01:35 on day 1
  v.fill(NaN, 3 * 1440 + 50, 3 * 1440 + 400); // a gap across several hours
  v.fill(NaN, 5 * 1440 - 30, 6 * 1440 + 10); // a whole day missing (no chunk stored), over both midnights
  v.fill(level, 8 * 1440 + 100, 8 * 1440 + 300); // stuck
  for (let i = 9 * 1440; i < 10 * 1440; i += 3) v[i] = NaN; // scattered: some hours below half their samples
  v.fill(NaN, 19 * 1440 + 333); // it stops 2 days before the period ends
  return v;
}

export const RAW: Record<string, Series> = {
  a: { startMs: FROM, intervalMs: MIN, values: signal(7, 50) },
  b: { startMs: FROM, intervalMs: MIN, values: signal(11, -2) },
};
/** The fixture's rollups, in new buffers each call. */
export function hourly(): Record<string, HourlySeries> {
  return Object.fromEntries(
    Object.entries(RAW).map(([k, s]) => [
      k,
      assembleHours(
        splitIntoChunks(k, s).map((c) => rollupDay(c)),
        FROM,
        TO,
        MIN,
        FROM,
      ),
    ]),
  );
}
export const HOURLY = hourly();
export const RECIPE: FeatureRecipe = {
  signals: ['a', 'b'],
  windowMs: 6 * HOUR_MS,
  stepMs: HOUR_MS,
  aggregations: ['mean', 'std', 'min', 'max', 'slope', 'last'],
  minCoverage: 0.8,
};
export const EVENTS = [
  { ts: T0 + 14 * DAY_MS, kind: 'failure' as const },
  { ts: T0 + 16 * DAY_MS + 5 * HOUR_MS, kind: 'maintenance' as const },
];

export function profile(): ProfileView {
  const edges = [0.5, 1, 1.5]; // inner cut points: four bins
  return {
    features: RECIPE.signals.flatMap((s) =>
      RECIPE.aggregations.map((a) => ({ name: `${s}.${a}`, sorted: [0, 1, 2], edges, proportions: [0.25, 0.25, 0.25, 0.25], std: 1 })),
    ),
    signals: { a: { mean: 49, std: 2.5 }, b: { mean: -1, std: 2.5 } },
    outputSorted: Array.from({ length: 100 }, (_, i) => 50 + i / 50),
    alarmRate: 0.01,
    recall: 1,
    relations: null,
  };
}

/** `assessMachine`'s arguments for the fixture machine, read from samples; scores that move with the first signal's level, so some windows alarm. */
export function machineArgs(): Parameters<typeof assessMachine>[0] {
  const windows = buildFeatureWindows(RECIPE, RAW);
  return {
    model: { recipe: RECIPE, horizonMs: 3 * DAY_MS, output: { name: 'score', higherIsWorse: true, threshold: 51.5 } },
    profile: profile(),
    series: RAW,
    missingSignals: [],
    events: EVENTS,
    errorEventsMs: [T0 + 13 * DAY_MS],
    windows,
    scores: Float32Array.from({ length: windows.rows }, (_, r) => windows.features[r * windows.cols]),
    fromMs: FROM,
    toMs: TO,
    seedKey: 'M-1',
  };
}
