import { DAY_MS, HOUR_MS, Series } from '@fleetgate/common';
import { buildFeatureWindows, FeatureRecipe, signalLevelsWithBlocks } from '@fleetgate/inference';
import { assembleHours, HourlySeries, rollupDay, splitIntoChunks } from '@fleetgate/telemetry';
import { assessMachine, dataSpan, seriesQuality } from './assess-machine.util';
import { hourlyDataSpan, hourlyLevelBlocks, hourlyRefusal, hourlySeriesQuality, hourlyWindows } from './hourly-input.util';
import { ProfileView } from './profile-view.util';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const DAYS = 21;
const FROM = T0;
const TO = T0 + DAYS * DAY_MS;

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

const RAW: Record<string, Series> = {
  a: { startMs: FROM, intervalMs: MIN, values: signal(7, 50) },
  b: { startMs: FROM, intervalMs: MIN, values: signal(11, -2) },
};
const HOURLY: Record<string, HourlySeries> = Object.fromEntries(
  Object.entries(RAW).map(([k, s]) => [k, assembleHours(splitIntoChunks(k, s).map(rollupDay), FROM, TO, MIN, FROM)]),
);
const RECIPE: FeatureRecipe = {
  signals: ['a', 'b'],
  windowMs: 6 * HOUR_MS,
  stepMs: HOUR_MS,
  aggregations: ['mean', 'std', 'min', 'max', 'slope', 'last'],
  minCoverage: 0.8,
};
const EVENTS = [
  { ts: T0 + 14 * DAY_MS, kind: 'failure' as const },
  { ts: T0 + 16 * DAY_MS + 5 * HOUR_MS, kind: 'maintenance' as const },
];

function profile(): ProfileView {
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

describe('the evaluation from hourly rollups', () => {
  it('builds exactly the feature windows the samples give', () => {
    const raw = buildFeatureWindows(RECIPE, RAW);
    const hourly = hourlyWindows(RECIPE, HOURLY);
    expect(raw.rows).toBeGreaterThan(300);
    expect(raw.skipped).toBeGreaterThan(30);
    expect({ ...hourly, features: Array.from(hourly.features), coverage: Array.from(hourly.coverage), windowEndMs: Array.from(hourly.windowEndMs) }).toEqual({
      ...raw,
      features: Array.from(raw.features),
      coverage: Array.from(raw.coverage),
      windowEndMs: Array.from(raw.windowEndMs),
    });
  });

  it('gives the same span, quality and hourly levels', () => {
    expect(hourlyDataSpan([HOURLY.a, HOURLY.b, undefined], FROM, TO)).toEqual(dataSpan([RAW.a, RAW.b, undefined], FROM, TO));
    const span = dataSpan([RAW.a], FROM, TO);
    expect(span).toEqual({ fromMs: T0 + 95 * MIN, toMs: T0 + (19 * 1440 + 333) * MIN });
    expect(hourlySeriesQuality('a', HOURLY.a, span.fromMs, span.toMs)).toEqual(seriesQuality('a', RAW.a, span.fromMs, span.toMs));
    expect(hourlySeriesQuality('c', undefined, FROM, TO)).toEqual(seriesQuality('c', undefined, FROM, TO));
    const excluded: Array<[number, number]> = [[T0 + 11 * DAY_MS, T0 + 14 * DAY_MS + 3 * HOUR_MS]];
    const { blocks } = signalLevelsWithBlocks(['a'], RAW, excluded);
    const mine = hourlyLevelBlocks(HOURLY.a, excluded);
    const raw = blocks.get('a')!;
    expect(mine.count).toBe(raw.count);
    for (const f of ['startMs', 'means', 'stds'] as const)
      expect(Array.from(mine[f].subarray(0, mine.count))).toEqual(Array.from(raw[f].subarray(0, raw.count)));
  });

  it('assesses a machine exactly as from its samples', () => {
    const windows = buildFeatureWindows(RECIPE, RAW);
    // A score that moves with the signal's level, so some windows alarm.
    const scores = Float32Array.from({ length: windows.rows }, (_, r) => windows.features[r * windows.cols]);
    const common = {
      model: { recipe: RECIPE, horizonMs: 3 * DAY_MS, output: { name: 'score', higherIsWorse: true, threshold: 51.5 } },
      profile: profile(),
      missingSignals: [],
      events: EVENTS,
      errorEventsMs: [T0 + 13 * DAY_MS],
      scores,
      fromMs: FROM,
      toMs: TO,
      seedKey: 'M-1',
    };
    const raw = assessMachine({ ...common, series: RAW, windows });
    const hourly = assessMachine({ ...common, series: {}, hourly: HOURLY, windows: hourlyWindows(RECIPE, HOURLY) });
    expect(raw.performance?.failures).toBe(1);
    expect(raw.output.alarmRate).toBeGreaterThan(0);
    expect(raw.quality[0].longestGapHours).toBeGreaterThan(24);
    expect(hourly).toEqual(raw);
  });
});

describe('hourlyRefusal', () => {
  const ok = { windowMs: 6 * HOUR_MS, stepMs: HOUR_MS };
  const minute = [{ signal: 'a', intervalMs: MIN, firstMs: T0 + 7 * MIN }];

  it('accepts un-normalised whole-hour windows over a whole-hour period on a grid that starts on the hour', () => {
    expect(hourlyRefusal(ok, 'none', FROM, TO, minute)).toBeNull();
  });

  it('names what keeps an evaluation on the samples', () => {
    expect(hourlyRefusal(ok, 'per-machine-baseline', FROM, TO, minute)).toBe('normalization per-machine-baseline prepares each sample');
    expect(hourlyRefusal({ ...ok, stepMs: 30 * MIN }, 'none', FROM, TO, minute)).toBe('window or step is not whole hours');
    expect(hourlyRefusal(ok, 'none', FROM + MIN, TO, minute)).toBe('the period does not start and end on whole hours');
    expect(hourlyRefusal(ok, 'none', FROM, TO, [{ signal: 'a', intervalMs: 7 * MIN, firstMs: T0 }])).toBe('a: a 420000 ms interval does not divide the hour');
    expect(hourlyRefusal(ok, 'none', FROM, TO, [{ signal: 'a', intervalMs: MIN, firstMs: T0 + 30_000 }])).toBe('a: its grid does not start on the hour');
    expect(hourlyRefusal(ok, 'none', FROM, TO, [...minute, { signal: 'b', intervalMs: 2 * MIN, firstMs: T0 }])).toBe('signals on different intervals');
  });
});
