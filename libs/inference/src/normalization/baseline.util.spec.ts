import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { signalLevels } from '../features/signal-levels.util';
import { baselineValidity, estimateBaseline, segmentLevels, trendSegmentMs } from './baseline.util';
import { ar1, dailyCycle, minuteSeries, T0 } from './normalization-test-data.fixture';

const FIVE_MIN = 5 * 60_000;
const DAYS = 14;
const N = (DAYS * DAY_MS) / FIVE_MIN;
const period = { fromMs: T0, toMs: T0 + DAYS * DAY_MS };

/**
 * A healthy signal: level 50, AR(1) noise of σ 2 that forgets in ~3 h (φ = 0.975 per 5 min) and a
 * daily cycle of amplitude 2 — plus `drift` raw units added linearly across the 14 days.
 */
function signal(seed: number, drift = 0, days = DAYS) {
  const n = (days * DAY_MS) / FIVE_MIN;
  const noise = ar1(n, 0.975, seed);
  return minuteSeries(
    Array.from(noise, (x, i) => 50 + 2 * x + 2 * dailyCycle(i, FIVE_MIN) + (drift * i) / N),
    T0,
    FIVE_MIN,
  );
}

describe('estimateBaseline', () => {
  it('is signalLevels over the period only', () => {
    // 14 healthy days, then 14 days 20 units higher: the baseline sees only the first part.
    const a = signal(1, 0, 28);
    const v = Float32Array.from(a.values, (x, i) => (i >= N ? x + 20 : x));
    const series = { t: { ...a, values: v } };
    const b = estimateBaseline(['t'], series, period);
    const [ref] = signalLevels(['t'], { t: { ...a, values: v.subarray(0, N) } });
    expect(b).toEqual({ fromMs: period.fromMs, toMs: period.toMs, signals: [{ signal: 't', level: ref.mean, spread: ref.std, hours: 336 }] });
    expect(b.signals[0].level).toBeCloseTo(50, 0);
  });

  it('keeps only hours wholly inside the period', () => {
    const series = { t: signal(2) };
    const b = estimateBaseline(['t'], series, { fromMs: T0 + 30 * 60_000, toMs: T0 + 2 * DAY_MS });
    expect(b.signals[0].hours).toBe(47);
    expect(estimateBaseline(['t', 'missing'], series, period).signals[1]).toEqual({ signal: 'missing', level: NaN, spread: NaN, hours: 0 });
  });
});

describe('baselineValidity', () => {
  const H = 3 * DAY_MS;

  it('passes stationary AR(1) noise with daily cycles (at most 1 of 50 seeds flagged; 1 of 200 measured)', () => {
    let flagged = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const series = { t: signal(seed) };
      const v = baselineValidity(estimateBaseline(['t'], series, period), series, [], H);
      expect(v.trends).toHaveLength(1);
      if (!v.valid) flagged++;
    }
    expect(flagged).toBeLessThanOrEqual(1);
  });

  it('catches a planted linear drift of 3.3 spreads across the baseline on every seed', () => {
    // The stationary signal's baseline spread is ≈ 2.44 (noise 2, cycle amplitude 2; median of 200 seeds): 8 units ≈ 3.3 spreads.
    for (let seed = 1; seed <= 50; seed++) {
      const series = { t: signal(seed, 8) };
      const v = baselineValidity(estimateBaseline(['t'], series, period), series, [], H);
      expect(v.valid).toBe(false);
      expect(v.reasons.map((r) => r.code)).toEqual(['trend']);
      expect(v.trends[0].drift).toBeGreaterThan(1);
    }
  });

  it('lets a real but small drift pass: significant, yet under a spread across the baseline', () => {
    // Quiet white noise (σ 0.2) rising by 0.1 across 14 days: Mann–Kendall is sure of the trend,
    // but the baseline's last day sits only ≈ ¼ spread above its level.
    const noise = ar1(N, 0, 6);
    const series = {
      t: minuteSeries(
        Array.from(noise, (x, i) => 50 + 0.2 * x + (0.1 * i) / N),
        T0,
        FIVE_MIN,
      ),
    };
    const v = baselineValidity(estimateBaseline(['t'], series, period), series, [], H);
    expect(v.trends[0].z).toBeGreaterThan(4); // 4.9 is the most 14 days can give
    expect(v.trends[0].drift).toBeGreaterThan(0.3);
    expect(v.trends[0].drift).toBeLessThan(0.7);
    expect(v.valid).toBe(true);
  });

  it('refuses a baseline with an event inside or a failure just after it', () => {
    const series = { t: signal(3) };
    const b = estimateBaseline(['t'], series, period);
    const inside = baselineValidity(b, series, [{ ts: T0 + 5 * DAY_MS, kind: 'maintenance' }], H);
    expect(inside.valid).toBe(false);
    expect(inside.reasons[0]).toMatchObject({ code: 'event-inside' });
    expect(inside.reasons[0].message).toContain('maintenance at 2026-01-06T00:00:00.000Z');
    expect(baselineValidity(b, series, [{ ts: T0 + 15 * DAY_MS, kind: 'failure' }], H).reasons[0].code).toBe('event-inside');
    expect(baselineValidity(b, series, [{ ts: T0 + 18 * DAY_MS, kind: 'failure' }], H).valid).toBe(true);
  });

  it('refuses too few usable hours: under a week, or under half the period', () => {
    const a = signal(4);
    // Half of every day missing (12 of 24 hours): 168 usable hours of 336 pass the week but each
    // day has 12 < 18 usable hours, so the trend test cannot run.
    const halfDays = Float32Array.from(a.values, (x, i) => (Math.floor((i * FIVE_MIN) / HOUR_MS) % 24 < 12 ? NaN : x));
    const s1 = { t: { ...a, values: halfDays } };
    const v1 = baselineValidity(estimateBaseline(['t'], s1, period), s1, [], H);
    expect(v1.reasons).toEqual([expect.objectContaining({ code: 'too-few-segments', signal: 't' })]);
    // Only the first 6 days present: 144 hours < 168.
    const sixDays = Float32Array.from(a.values, (x, i) => (i < (6 * DAY_MS) / FIVE_MIN ? x : NaN));
    const s2 = { t: { ...a, values: sixDays } };
    const v2 = baselineValidity(estimateBaseline(['t'], s2, period), s2, [], H);
    expect(v2.reasons).toEqual([expect.objectContaining({ code: 'too-few-hours', signal: 't' })]);
    expect(v2.reasons[0].message).toContain('144 usable hours in the baseline, need 168');
    // A 28-day baseline needs 336 hours (half of it), so 20 usable days pass and 13 do not.
    const long = { fromMs: T0, toMs: T0 + 28 * DAY_MS };
    const b28 = signal(5, 0, 28);
    const cut = (days: number) => ({ t: { ...b28, values: Float32Array.from(b28.values, (x, i) => (i < (days * DAY_MS) / FIVE_MIN ? x : NaN)) } });
    expect(baselineValidity(estimateBaseline(['t'], cut(20), long), cut(20), [], H).valid).toBe(true);
    expect(baselineValidity(estimateBaseline(['t'], cut(13), long), cut(13), [], H).reasons[0].code).toBe('too-few-hours');
  });
});

describe('segmentLevels', () => {
  it('averages each day with enough hours, counted from the period start', () => {
    const values = new Float32Array(3 * 24).map((_, h) => Math.floor(h / 24) * 10 + (h % 24 === 0 ? 24 : 0));
    const hourly = { t: { startMs: T0, intervalMs: HOUR_MS, values } };
    values[24 + 5] = NaN; // day 1: 23 hours
    for (let h = 48; h < 48 + 7; h++) values[h] = NaN; // day 2: 17 hours
    expect(segmentLevels(hourly, 't', { fromMs: T0, toMs: T0 + 3 * DAY_MS }, DAY_MS, 0.75)).toEqual({ segment: [0, 1], level: [1, 10 + 24 / 23] });
  });
});

describe('trendSegmentMs', () => {
  const t = { minTrendSegments: 7, shortSegments: 8 };
  it('uses days from 7 days on, and eight whole-hour segments below', () => {
    expect(trendSegmentMs({ fromMs: 0, toMs: 14 * DAY_MS }, t)).toBe(DAY_MS);
    expect(trendSegmentMs({ fromMs: 0, toMs: 7 * DAY_MS }, t)).toBe(DAY_MS);
    expect(trendSegmentMs({ fromMs: 0, toMs: 50 * HOUR_MS }, t)).toBe(6 * HOUR_MS);
    expect(trendSegmentMs({ fromMs: 0, toMs: 4 * HOUR_MS }, t)).toBe(HOUR_MS);
  });

  it('tests a short hourly baseline on its segments: flat noise passes, a drift of 3 spreads does not', () => {
    // One sample an hour for 50 hours (a C-MAPSS engine's first 50 cycles): 8 segments of 6 h.
    const noise = ar1(50, 0, 11);
    const flat = {
      t: minuteSeries(
        Array.from(noise, (x) => 100 + x),
        T0,
        HOUR_MS,
      ),
    };
    const p50 = { fromMs: T0, toMs: T0 + 50 * HOUR_MS };
    const ok = baselineValidity(estimateBaseline(['t'], flat, p50), flat, [], 0);
    expect(ok.trends[0].segments).toBe(8);
    expect(ok.valid).toBe(true);
    const rising = {
      t: minuteSeries(
        Array.from(noise, (x, i) => 100 + x + (4 * i) / 50),
        T0,
        HOUR_MS,
      ),
    };
    const bad = baselineValidity(estimateBaseline(['t'], rising, p50), rising, [], 0);
    expect(bad.reasons.map((r) => r.code)).toEqual(['trend']);
  });
});
