import { mulberry32, orientedAlarms } from '@fleetgate/stats';
import { quantile } from '@fleetgate/training';
import { calibratedThreshold, minHealthyScores, pilotQuantile, trainerQuantile } from './machine-threshold.util';

const X = [0.12, 0.5, 0.33, 0.91, 0.07, 0.44, 0.61, 0.28, 0.75, 0.19];
const loose = { minScores: 1, minBeyond: 0 };

describe('trainerQuantile', () => {
  it('is the trainer’s quantile bit for bit', () => {
    const random = mulberry32(42);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 500);
      const scores = Float32Array.from({ length: n }, () => random() ** 3 * 10);
      const q = random();
      expect(trainerQuantile(Float64Array.from(scores).sort(), q)).toBe(quantile(scores, q));
    }
  });

  it('matches numpy.quantile (linear): 0.766, 0.838 at q = 0.9, 0.95', () => {
    const sorted = Float64Array.from(X).sort();
    expect(trainerQuantile(sorted, 0.9)).toBeCloseTo(0.766, 12);
    expect(trainerQuantile(sorted, 0.95)).toBeCloseTo(0.838, 12);
  });
});

describe('calibratedThreshold', () => {
  it('puts the threshold at quantile q of the healthy scores, in the worse direction', () => {
    expect(calibratedThreshold(X, 0.9, true, loose)).toEqual({ ok: true, threshold: trainerQuantile(Float64Array.from(X).sort(), 0.9), count: 10 });
    // Lower is worse: the 10 % point from below; numpy.quantile(x, 0.1) = 0.115.
    const low = calibratedThreshold(X, 0.9, false, loose);
    expect(low.ok && low.threshold).toBeCloseTo(0.115, 12);
  });

  it('gives a machine the pilot’s healthy alarm rate on its own scale', () => {
    // Machine scores are the pilot's × 3 + 1: its threshold is the pilot's moved the same way,
    // and both alarm on 1 % of their healthy windows.
    const random = mulberry32(7);
    const pilot = Float32Array.from({ length: 5000 }, () => -Math.log(1 - random()));
    const machine = Float32Array.from(pilot, (s) => 3 * s + 1);
    const p = calibratedThreshold(pilot, 0.99, true);
    const m = calibratedThreshold(machine, 0.99, true);
    if (!p.ok || !m.ok) throw new Error('expected thresholds');
    expect(m.threshold).toBeCloseTo(3 * p.threshold + 1, 4);
    const rate = (s: Float32Array, th: number) => orientedAlarms(s, true, th).alarms.reduce((a, b) => a + b, 0) / s.length;
    expect(rate(pilot, p.threshold)).toBeCloseTo(0.01, 3);
    expect(rate(machine, m.threshold)).toBeCloseTo(0.01, 3);
    expect(pilotQuantile(pilot, p.threshold, true)).toBeCloseTo(0.99, 3);
  });

  it('gives none below the minimum count: 300 scores at q = 0.99, 24 at least', () => {
    expect(minHealthyScores(0.99)).toBe(300);
    expect(minHealthyScores(0.9)).toBe(30);
    expect(minHealthyScores(0.5)).toBe(24);
    const scores = Array.from({ length: 299 }, (_, i) => i);
    const r = calibratedThreshold([...scores, NaN, Infinity], 0.99, true);
    expect(r).toEqual({ ok: false, count: 299, reason: '299 healthy baseline scores; a threshold at q = 0.99 needs 300' });
    expect(calibratedThreshold([...scores, 299], 0.99, true)).toMatchObject({ ok: true, count: 300 });
  });

  it('refuses q outside (0, 1)', () => {
    expect(() => calibratedThreshold(X, 1, true)).toThrow(RangeError);
    expect(() => calibratedThreshold(X, 0, true)).toThrow(RangeError);
  });
});

describe('pilotQuantile', () => {
  it('is the share of healthy scores that do not alarm, as orientedAlarms decides', () => {
    expect(pilotQuantile(X, 0.61, true)).toBe(0.8); // 0.75 and 0.91 alarm; 0.61 itself does not
    expect(pilotQuantile(X, 0.12, false)).toBe(0.9); // only 0.07 is below
    expect(pilotQuantile([NaN], 1, true)).toBeNaN();
  });
});
