import { HOUR_MS } from '@fleetgate/common';

const MINUTE_MS = 60_000;
import { domainChecks, THRESHOLDS } from '@fleetgate/evaluation';
import { signalLevels } from '@fleetgate/inference';
import { alarmExclusions, alarmRateGuard, countableWindows, envelopeFromFindings, envelopeGuard, firstBreach, GuardWindow } from './guard.util';

const windows = (n: number, beyond: number, healthy = true, startMs = 0): GuardWindow[] =>
  Array.from({ length: n }, (_, i) => ({ endMs: startMs + i * HOUR_MS, beyond: i < beyond, healthy }));

/** A minute series around `level` with a fixed ±spread pattern (deterministic, no randomness). */
function minuteSeries(hours: number, level: number, spread: number) {
  const values = new Float32Array(hours * 60);
  for (let i = 0; i < values.length; i++) values[i] = level + spread * Math.sin(i * 0.7) * 1.4142;
  return { startMs: 0, intervalMs: MINUTE_MS, values };
}

describe('alarm-rate guard', () => {
  const cfg = { k: 3, minWindows: 100 };

  // Wilson lower bounds (z = 1.96) from the score-interval formula, evaluated in Python:
  // 20 of 100 → 0.13337, 15 of 100 → 0.09306.
  it('breaches only when the Wilson lower bound exceeds k × the evaluated rate', () => {
    const breach = alarmRateGuard(windows(100, 20), 0.04, cfg);
    expect(breach).toMatchObject({ rule: 'alarm-rate', status: 'breach', limit: 0.12 });
    expect(breach.value).toBeCloseTo(0.13337, 4);
    // The same live rate against a machine that alarmed more in its evaluation holds.
    expect(alarmRateGuard(windows(100, 20), 0.05, cfg)).toMatchObject({ status: 'hold' });
    // The point rate 15 % is above 3 × 4 % = 12 %, but its lower bound (9.3 %) is not: no breach on noise.
    expect(alarmRateGuard(windows(100, 15), 0.04, cfg)).toMatchObject({ status: 'hold' });
  });

  it('needs the minimum number of counted windows, and floors the evaluated rate', () => {
    expect(alarmRateGuard(windows(99, 99), 0.01, cfg)).toMatchObject({ status: 'insufficient', value: null });
    // Evaluated at 0 alarms: held to 3 × the evaluation's floor (1 %), not to 0.
    const floored = alarmRateGuard(windows(200, 5), 0, cfg);
    expect(floored).toMatchObject({ status: 'hold', limit: 3 * THRESHOLDS.minReferenceAlarmRate });
    expect(alarmRateGuard(windows(200, 5), null, cfg).limit).toBe(0.03);
  });

  it('never counts windows during an alarm or within the horizon before one, nor unhealthy windows', () => {
    const all = [...windows(100, 0), ...windows(100, 100, true, 100 * HOUR_MS), ...windows(50, 50, false, 200 * HOUR_MS)];
    // The run-up (hours 100–199) raised an alarm at hour 190 that is still open; horizon 4 days.
    const excluded = alarmExclusions([{ openedAtMs: 190 * HOUR_MS, closedAtMs: null }], 96 * HOUR_MS);
    const counted = countableWindows(all, excluded);
    expect(counted).toHaveLength(94); // hours 0–93: hour 94 onwards is within the horizon before the alarm
    expect(counted.every((w) => !w.beyond)).toBe(true);
    expect(alarmRateGuard(counted, 0.01, cfg).status).toBe('insufficient');
    // Without the exclusion the same data would breach: the exclusion is what keeps a failing machine covered.
    expect(alarmRateGuard(countableWindows(all, []), 0.01, cfg).status).toBe('breach');
    // A closed alarm excludes only up to its close.
    expect(countableWindows(windows(10, 0), alarmExclusions([{ openedAtMs: 5 * HOUR_MS, closedAtMs: 6 * HOUR_MS }], HOUR_MS))).toHaveLength(7);
  });

  it('counts the windows of alarms a person closed as false alarms, and only those', () => {
    // A flood: every other 6 h a burst of beyond windows, each raising an alarm that clears 6 h later.
    const flood = Array.from({ length: 168 }, (_, i) => ({ endMs: i * HOUR_MS, beyond: i % 12 < 6, healthy: true }));
    const alarms = Array.from({ length: 14 }, (_, k) => ({ openedAtMs: (12 * k + 2) * HOUR_MS, closedAtMs: (12 * k + 11) * HOUR_MS }));
    const judged = (outcome: string | null) => alarms.map((a) => ({ ...a, outcome }));
    // Not judged (or unknown, or a confirmed fault): the alarms shield their windows and the horizon before them.
    for (const outcome of [null, 'unknown', 'confirmed-fault']) {
      expect(alarmRateGuard(countableWindows(flood, alarmExclusions(judged(outcome), 2 * HOUR_MS)), 0.02, cfg).status).toBe('insufficient');
    }
    // Dismissed as false alarms: every window counts, 84 of 168 beyond → breach.
    const counted = countableWindows(flood, alarmExclusions(judged('false-alarm'), 2 * HOUR_MS));
    expect(counted).toHaveLength(168);
    expect(alarmRateGuard(counted, 0.02, cfg)).toMatchObject({ status: 'breach', limit: 0.06 });
    // An open alarm judged false while still open keeps shielding until it is closed.
    expect(alarmExclusions([{ openedAtMs: 0, closedAtMs: null, outcome: 'false-alarm' }], HOUR_MS)).toEqual([[-HOUR_MS, Infinity]]);
  });
});

describe('envelope guard', () => {
  const pilot = { vibration_rms: { mean: 3, std: 0.5 }, bearing_temp: { mean: 60, std: 2 } };
  const signals = ['vibration_rms', 'bearing_temp'];

  it("is the evaluation's own domain check on the trailing data: same levels, same effect sizes", () => {
    const series = { vibration_rms: minuteSeries(7 * 24, 3.1, 0.5), bearing_temp: minuteSeries(7 * 24, 60.5, 2) };
    const r = envelopeGuard(signals, series, [], pilot, 'd1');
    expect(r.status).toBe('hold');
    const own = domainChecks(signalLevels(signals, series), pilot);
    expect(r.checks.map((c) => c.levelShiftSigma)).toEqual(own.map((c) => c.levelShiftSigma));
    expect(r.checks.map((c) => c.spreadRatio)).toEqual(own.map((c) => c.spreadRatio));
  });

  it('breaches on a level shift, naming the signal, the value and the limit', () => {
    const series = { vibration_rms: minuteSeries(7 * 24, 4.5, 0.5), bearing_temp: minuteSeries(7 * 24, 60, 2) };
    const r = envelopeGuard(signals, series, [], pilot, 'd1');
    expect(r).toMatchObject({ rule: 'envelope', status: 'breach', limit: THRESHOLDS.domain.maxLevelShiftSigma });
    expect(r.value).toBeGreaterThan(2.5);
    expect(r.detail).toMatch(/^vibration_rms: level/);
    expect(firstBreach([r])).toBe(r);
  });

  it('leaves excluded spans out, and is insufficient (never a breach) without enough healthy days', () => {
    const shifted = minuteSeries(7 * 24, 3, 0.5);
    shifted.values.fill(9, 0, 2 * 24 * 60); // two days far out …
    const series = { vibration_rms: shifted, bearing_temp: minuteSeries(7 * 24, 60, 2) };
    expect(envelopeGuard(signals, series, [], pilot, 'd1').checks[0].levelShiftSigma).toBeGreaterThan(THRESHOLDS.domain.maxLevelShiftSigma);
    // … that lie within an alarm's run-up: the five days left hold.
    expect(envelopeGuard(signals, series, [[0, 2 * 24 * HOUR_MS]], pilot, 'd1').status).toBe('hold');
    // Fewer than ENVELOPE_MIN_DAYS healthy days: insufficient, whatever the level.
    expect(envelopeGuard(signals, series, [[0, 3 * 24 * HOUR_MS]], pilot, 'd1').status).toBe('insufficient');
    const short = { vibration_rms: minuteSeries(10, 9, 0.5), bearing_temp: minuteSeries(10, 60, 2) };
    expect(envelopeGuard(signals, short, [], pilot, 'd1')).toMatchObject({ status: 'insufficient', value: null });
    expect(envelopeGuard(signals, {}, [], pilot, 'd1').status).toBe('insufficient');
  });

  it('holds a machine whose level sits at the bound (its interval straddles it) instead of flipping on noise', () => {
    // Level 1 σ above the pilot's with a daily swing: the point estimate is at the bound, the day-block interval straddles it.
    const s = minuteSeries(7 * 24, 3.5, 0.5);
    for (let i = 0; i < s.values.length; i++) s.values[i] += 0.3 * Math.sin((2 * Math.PI * i) / (3 * 24 * 60));
    const r = envelopeGuard(signals, { vibration_rms: s, bearing_temp: minuteSeries(7 * 24, 60, 2) }, [], pilot, 'd1');
    expect(r.checks[0].levelShiftInterval).toBeDefined();
    expect(r.status).toBe('hold');
  });

  it('reads the normalised domain check of per-machine-baseline versions', () => {
    const base = {
      evidence: { method: 'per-machine-baseline' as const, calibrationEndMs: null },
      levelChecks: false,
      inDomain: 'signals relate as on the pilot',
    };
    expect(envelopeFromFindings({ ...base, outside: ['signal relations after the baseline: x'], insufficient: [] }).status).toBe('breach');
    expect(envelopeFromFindings({ ...base, outside: [], insufficient: ['too few hours'] }).status).toBe('insufficient');
    expect(envelopeFromFindings({ ...base, outside: [], insufficient: [] }).status).toBe('hold');
  });
});
