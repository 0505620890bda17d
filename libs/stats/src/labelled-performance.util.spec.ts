import { alarmValueCounts, labelledPerformance, orientedAlarms } from './labelled-performance.util';

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

  it('measures the sustained lead from the start of the unbroken alarm run up to the failure, past the horizon', () => {
    // Window ending at hour 70 is missing (a gap in the data): it breaks the run before the second failure.
    const gapped = Float64Array.from(ends.filter((e) => e !== 70 * H));
    const alarms = Uint8Array.from(gapped, (e) => ((e >= 20 * H && e <= 50 * H) || (e >= 60 * H && e <= 90 * H) ? 1 : 0));
    const p = labelledPerformance(gapped, alarms, Float32Array.from(alarms), failures, 10 * H, H)!;
    // The lead time stops at the horizon (first alarm within it: hour 41 and 81) …
    expect(p.medianLeadTimeHours).toBe(9);
    // … the sustained one does not: 50 − 20 = 30 h and 90 − 71 = 19 h.
    expect(p.medianSustainedLeadHours).toBe(24.5);
    // Detected, but quiet in the last window before the failure: 0.
    const early = Uint8Array.from(ends, (e) => (e === 45 * H || e === 85 * H ? 1 : 0));
    expect(labelledPerformance(ends, early, Float32Array.from(early), failures, 10 * H, H)!.medianSustainedLeadHours).toBe(0);
    // Nothing detected: no sustained lead either.
    expect(labelledPerformance(ends, new Uint8Array(100), new Float32Array(100), failures, 10 * H, H)!.medianSustainedLeadHours).toBeNaN();
  });

  it('is null when no labelled failure falls in the evaluated period', () => {
    expect(labelledPerformance(ends, new Uint8Array(100), new Float32Array(100), [500 * H], 10 * H, H)).toBeNull();
  });
});

describe('alarmValueCounts', () => {
  const ends = Float64Array.from({ length: 100 }, (_, i) => (i + 1) * H);
  const failures = [50 * H, 90 * H];

  it('keeps each lead time and counts the false episodes behind falseAlarmsPer1000h', () => {
    const alarms = new Uint8Array(100);
    alarms[44] = 1; // ends at hour 45: 5 h before the failure at 50
    alarms[81] = 1; // ends at hour 82: 8 h before the failure at 90
    alarms[19] = alarms[20] = 1; // one false episode (hours 20–21)
    alarms[59] = 1; // another (hour 60)
    const c = alarmValueCounts(ends, alarms, failures, 10 * H, H);
    expect(c).toEqual({ failures: 2, leadTimesHours: [5, 8], falseAlarms: 2, machineHours: 100 });
    const p = labelledPerformance(ends, alarms, Float32Array.from(alarms), failures, 10 * H, H)!;
    // The same definitions: 2 episodes over the 80 negative hours, median lead (5 + 8) / 2.
    expect(p.falseAlarmsPer1000h).toBeCloseTo((c.falseAlarms / 80) * 1000, 10);
    expect(p.medianLeadTimeHours).toBe(6.5);
    expect(p.detected).toBe(c.leadTimesHours.length);
  });

  it('counts every alarm episode as false when no labelled failure is in range (labelledPerformance is null there)', () => {
    const alarms = new Uint8Array(100);
    alarms[10] = alarms[11] = alarms[12] = 1;
    alarms[70] = 1;
    expect(alarmValueCounts(ends, alarms, [], 10 * H, H)).toEqual({ failures: 0, leadTimesHours: [], falseAlarms: 2, machineHours: 100 });
  });

  it('splits an alarm run across a gap in the windows into two episodes', () => {
    const gapped = Float64Array.of(1 * H, 2 * H, 5 * H, 6 * H);
    expect(alarmValueCounts(gapped, Uint8Array.of(0, 1, 1, 0), [], 10 * H, H)).toEqual({ failures: 0, leadTimesHours: [], falseAlarms: 2, machineHours: 4 });
  });
});

describe('orientedAlarms', () => {
  it('alarms strictly beyond the threshold in the model direction', () => {
    expect(orientedAlarms([0.2, 0.5, 0.9], true, 0.5)).toEqual({ oriented: Float32Array.of(0.2, 0.5, 0.9), alarms: Uint8Array.of(0, 0, 1) });
    // Lower is worse: a score under the threshold alarms, and its oriented value is negated.
    expect(orientedAlarms([0.2, 0.5, 0.9], false, 0.5)).toEqual({ oriented: Float32Array.of(-0.2, -0.5, -0.9), alarms: Uint8Array.of(1, 0, 0) });
  });
});
