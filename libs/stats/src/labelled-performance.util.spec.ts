import { labelledPerformance, orientedAlarms } from './labelled-performance.util';

const H = 3_600_000;

describe('labelledPerformance', () => {
  // Hourly windows ending at hours 1..100; failures at hour 50 and hour 90; horizon 10 h.
  const ends = Float64Array.from({ length: 100 }, (_, i) => (i + 1) * H);
  const failures = [50 * H, 90 * H];

  it('counts a failure as detected when an alarm ends within the horizon before it, with its lead time', () => {
    const alarms = new Uint8Array(100);
    alarms[44] = 1; // window ending at hour 45: 5 h before the first failure
    alarms[45] = 1;
    alarms[19] = 1; // a false alarm at hour 20
    const scores = Float32Array.from(alarms);
    const p = labelledPerformance(ends, alarms, scores, failures, 10 * H, H)!;
    expect(p.failures).toBe(2);
    expect(p.detected).toBe(1);
    expect(p.recall).toBe(0.5);
    expect(p.medianLeadTimeHours).toBe(5);
    expect(p.precision).toBeCloseTo(2 / 3, 10);
    // one false episode over 100 − 20 positive windows = 80 negative hours
    expect(p.falseAlarmsPer1000h).toBeCloseTo((1 / 80) * 1000, 10);
  });

  it('gives AUROC 1 when scores rank every pre-failure window above the rest', () => {
    const scores = Float32Array.from(ends, (e) => ((e > 40 * H && e <= 50 * H) || (e > 80 * H && e <= 90 * H) ? 2 : 1));
    const alarms = Uint8Array.from(scores, (s) => (s > 1.5 ? 1 : 0));
    const p = labelledPerformance(ends, alarms, scores, failures, 10 * H, H)!;
    expect(p.auroc).toBe(1);
    expect(p.recall).toBe(1);
    expect(p.medianLeadTimeHours).toBe(9);
    expect(p.falseAlarmsPer1000h).toBe(0);
  });

  it('is null when no labelled failure falls in the evaluated period', () => {
    expect(labelledPerformance(ends, new Uint8Array(100), new Float32Array(100), [500 * H], 10 * H, H)).toBeNull();
  });
});

describe('orientedAlarms', () => {
  it('alarms strictly beyond the threshold in the model direction', () => {
    expect(orientedAlarms([0.2, 0.5, 0.9], true, 0.5)).toEqual({ oriented: Float32Array.of(0.2, 0.5, 0.9), alarms: Uint8Array.of(0, 0, 1) });
    // Lower is worse: a score under the threshold alarms, and its oriented value is negated.
    expect(orientedAlarms([0.2, 0.5, 0.9], false, 0.5)).toEqual({ oriented: Float32Array.of(-0.2, -0.5, -0.9), alarms: Uint8Array.of(1, 0, 0) });
  });
});
