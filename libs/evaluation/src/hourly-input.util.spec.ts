import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { buildFeatureWindows, signalLevelsWithBlocks } from '@fleetgate/inference';
import { assessMachine, dataSpan, seriesQuality } from './assess-machine.util';
import { FROM, HOURLY, machineArgs, MIN, RAW, RECIPE, T0, TO } from './hourly-input.fixture';
import { hourlyDataSpan, hourlyLevelBlocks, hourlyRefusal, hourlySeriesQuality, hourlyWindows } from './hourly-input.util';

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
    const common = machineArgs();
    const raw = assessMachine(common);
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
