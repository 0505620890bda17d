import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { seriesOf } from '../features/signal-levels.util';
import { fitRegimes } from './regimes.util';
import { applyBaseline, prepareMachineSeries, signalsToRead } from './machine-normalization.util';
import { ar1, minuteSeries, T0 } from './normalization-test-data.fixture';

const FIVE_MIN = 5 * 60_000;
const H = 3 * DAY_MS;

/** 30 days of a healthy signal around `level` with spread ≈ `spread` (white noise, 5-minute samples). */
function machine(level: number, spread: number, seed: number, days = 30) {
  const n = (days * DAY_MS) / FIVE_MIN;
  return {
    t: minuteSeries(
      Array.from(ar1(n, 0, seed), (x) => level + spread * x),
      T0,
      FIVE_MIN,
    ),
  };
}

const baseline14 = { method: 'per-machine-baseline' as const, baselineMs: 14 * DAY_MS };

describe('prepareMachineSeries', () => {
  it('passes raw series through for none', () => {
    const series = machine(50, 2, 1);
    const p = prepareMachineSeries({ method: 'none' }, { signals: ['t'], series, events: [], horizonMs: H, dataFromMs: T0, dataToMs: T0 + 30 * DAY_MS });
    expect(p.series).toBe(series);
    expect(p.calibrationEndMs).toBe(-Infinity);
  });

  it('expresses two machines of different level and spread on one scale, after their first 14 free days', () => {
    const a = prepareMachineSeries(baseline14, {
      signals: ['t'],
      series: machine(50, 2, 2),
      events: [],
      horizonMs: H,
      dataFromMs: T0,
      dataToMs: T0 + 30 * DAY_MS,
    });
    const b = prepareMachineSeries(baseline14, {
      signals: ['t'],
      series: machine(80, 6, 3),
      events: [],
      horizonMs: H,
      dataFromMs: T0,
      dataToMs: T0 + 30 * DAY_MS,
    });
    for (const p of [a, b]) {
      expect(p.refusal).toBeUndefined();
      expect(p.calibrationEndMs).toBe(T0 + 14 * DAY_MS);
      expect(p.baseline).toMatchObject({ fromMs: T0, toMs: T0 + 14 * DAY_MS, source: 'auto', explicitVersion: null });
      const v = seriesOf(p.series, 't')!.values;
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
      expect(Math.abs(mean)).toBeLessThan(0.05);
      expect(sd).toBeGreaterThan(0.9);
      expect(sd).toBeLessThan(1.1);
    }
  });

  it('skips a maintenance and its settling, and refuses a machine without a free stretch', () => {
    const series = machine(50, 2, 4);
    const maint = [{ ts: T0 + 2 * DAY_MS, kind: 'maintenance' as const }];
    const p = prepareMachineSeries(baseline14, { signals: ['t'], series, events: maint, horizonMs: H, dataFromMs: T0, dataToMs: T0 + 30 * DAY_MS });
    expect(p.baseline!.fromMs).toBe(T0 + 5 * DAY_MS);
    const busy = [5, 12, 19, 26].map((d) => ({ ts: T0 + d * DAY_MS, kind: 'maintenance' as const }));
    const refused = prepareMachineSeries(baseline14, { signals: ['t'], series, events: busy, horizonMs: H, dataFromMs: T0, dataToMs: T0 + 30 * DAY_MS });
    expect(refused.refusal).toMatch(/^no valid baseline: no 14-day stretch/);
  });

  it('refuses a baseline that trends, naming the signal', () => {
    const n = (30 * DAY_MS) / FIVE_MIN;
    const noise = ar1(n, 0, 5);
    const series = {
      t: minuteSeries(
        Array.from(noise, (x, i) => 50 + x + (20 * i) / n),
        T0,
        FIVE_MIN,
      ),
    };
    const p = prepareMachineSeries(baseline14, { signals: ['t'], series, events: [], horizonMs: H, dataFromMs: T0, dataToMs: T0 + 30 * DAY_MS });
    expect(p.refusal).toMatch(/^no valid baseline: t: drifts/);
    expect(p.baseline!.validity.valid).toBe(false);
  });

  it('takes an explicit baseline period, from its own series when given', () => {
    const series = machine(50, 2, 6);
    const explicit = { fromMs: T0 + 10 * DAY_MS, toMs: T0 + 20 * DAY_MS, version: 3 };
    const p = prepareMachineSeries(baseline14, { signals: ['t'], series, events: [], horizonMs: H, dataFromMs: T0, dataToMs: T0 + 30 * DAY_MS, explicit });
    expect(p.baseline).toMatchObject({ fromMs: explicit.fromMs, toMs: explicit.toMs, source: 'explicit', explicitVersion: 3 });
    expect(p.calibrationEndMs).toBe(explicit.toMs);
    // After an overhaul the machine runs 30 units higher; the baseline read for that period says so.
    const after = machine(80, 2, 7);
    const q = prepareMachineSeries(baseline14, {
      signals: ['t'],
      series,
      events: [],
      horizonMs: H,
      dataFromMs: T0,
      dataToMs: T0 + 30 * DAY_MS,
      explicit: { ...explicit, series: after },
    });
    expect(q.baseline!.signals[0].level).toBeCloseTo(80, 0);
  });

  it('normalises per regime and reads the regime signals besides the inputs', () => {
    const n = 20 * 24;
    const speed = Array.from({ length: n }, (_, i) => (Math.floor(i / 12) % 2 ? 1150 : 850));
    const temp = speed.map((v, i) => v / 10 + Math.sin(i));
    const series = { speed: minuteSeries(speed, T0, HOUR_MS), temp: minuteSeries(temp, T0, HOUR_MS) };
    const regimes = fitRegimes({ regimeSignals: ['speed'], signals: ['temp'], series });
    expect(regimes.regimes).toHaveLength(2);
    expect(signalsToRead(['temp'], { method: 'per-regime', regimes })).toEqual(['temp', 'speed']);
    const p = prepareMachineSeries(
      { method: 'per-regime', regimes },
      { signals: ['temp'], series, events: [], horizonMs: H, dataFromMs: T0, dataToMs: T0 + n * HOUR_MS },
    );
    const v = seriesOf(p.series, 'temp')!.values;
    expect(Math.max(...Array.from(v, Math.abs))).toBeLessThan(3);
    expect(p.regimes).toEqual({ hoursByRegime: [n / 2, n / 2], unseenHours: 0, unassignedHours: 0 });
  });

  it('gives each machine its own baseline within the pilot regimes, and applies a stored one identically', () => {
    const n = 20 * 24;
    // Two setpoints switching every 12 h; the pilot's temperature sits at speed / 10, this machine 7 units higher.
    const speed = Array.from({ length: n }, (_, i) => (Math.floor(i / 12) % 2 ? 1150 : 850));
    const noise = ar1(n, 0, 9);
    const pilot = {
      speed: minuteSeries(speed, T0, HOUR_MS),
      temp: minuteSeries(
        speed.map((v, i) => v / 10 + noise[i]),
        T0,
        HOUR_MS,
      ),
    };
    const regimes = fitRegimes({ regimeSignals: ['speed'], signals: ['temp'], series: pilot });
    const other = {
      speed: pilot.speed,
      temp: minuteSeries(
        speed.map((v, i) => v / 10 + 7 + 2 * noise[(i + 50) % n]),
        T0,
        HOUR_MS,
      ),
    };
    const normalization = { method: 'per-machine-baseline' as const, baselineMs: 7 * DAY_MS, regimes };
    expect(signalsToRead(['temp'], normalization)).toEqual(['temp', 'speed']);
    const p = prepareMachineSeries(normalization, { signals: ['temp'], series: other, events: [], horizonMs: H, dataFromMs: T0, dataToMs: T0 + n * HOUR_MS });
    expect(p.refusal).toBeUndefined();
    expect(p.calibrationEndMs).toBe(T0 + 7 * DAY_MS);
    // Its own levels per regime: 85 + 7 and 115 + 7, spread about 2.
    expect(p.baseline!.regimeLevels!.map((r) => Math.round(r[0].level))).toEqual([92, 122]);
    const v = seriesOf(p.series, 'temp')!.values;
    const after = Array.from(v.subarray(7 * 24));
    const mean = after.reduce((a, x) => a + x, 0) / after.length;
    expect(Math.abs(mean)).toBeLessThan(0.3);
    expect(p.regimes!.unseenHours).toBe(0);
    // Scoring later applies the stored (pinned) baseline: the same numbers, without estimating again.
    const again = seriesOf(applyBaseline(normalization, other, p.baseline!), 'temp')!.values;
    expect(Array.from(again)).toEqual(Array.from(v));
  });

  it('applies a stored plain baseline as normalizeSeries does', () => {
    const series = machine(50, 2, 8);
    const normalization = { method: 'per-machine-baseline' as const, baselineMs: 14 * DAY_MS };
    const p = prepareMachineSeries(normalization, { signals: ['t'], series, events: [], horizonMs: H, dataFromMs: T0, dataToMs: T0 + 30 * DAY_MS });
    expect(Array.from(seriesOf(applyBaseline(normalization, series, p.baseline!), 't')!.values)).toEqual(Array.from(seriesOf(p.series, 't')!.values));
    expect(() => applyBaseline({ method: 'none' }, series, p.baseline!)).toThrow(/no per-machine baseline/);
  });
});
