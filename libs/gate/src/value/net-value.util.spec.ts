import { DEFAULT_VALUE_COSTS } from '../default-policy';
import { ValueCosts } from '../policy.types';
import { machineGain, netValue, netValueBySegment } from './net-value.util';

const costs: ValueCosts = { unplannedFailureCost: 50_000, plannedRepairCost: 10_000, falseAlarmCost: 500, minLeadTimeHours: 24 };

/**
 * The worked example of the gate README ("What a model is worth"), by hand:
 *   A: 2,000 h, failures with 30 h and 10 h of warning, 1 false alarm → 1 in time: 40,000 − 500   = 39,500
 *   B: 1,500 h, one failure 48 h ahead, 3 false alarms              → 1 in time: 40,000 − 1,500 = 38,500
 *   C: 2,500 h, no failure, 2 false alarms                          →                  − 1,000 = −1,000
 *   net value = 1000 × 77,000 / 6,000 h = 12,833.33 per 1,000 machine-hours.
 */
const A = { assetId: 'A', value: { machineHours: 2000, failures: 2, leadTimesHours: [30, 10], falseAlarms: 1 } };
const B = { assetId: 'B', value: { machineHours: 1500, failures: 1, leadTimesHours: [48], falseAlarms: 3 } };
const C = { assetId: 'C', value: { machineHours: 2500, failures: 0, leadTimesHours: [], falseAlarms: 2 } };

describe('machineGain', () => {
  it('gains unplanned − planned per failure detected at least the minimum lead ahead, and loses an inspection per false alarm', () => {
    expect(machineGain(A.value, costs)).toEqual({ gain: 39_500, inTime: 1, late: 1 });
    expect(machineGain(B.value, costs)).toEqual({ gain: 38_500, inTime: 1, late: 0 });
    expect(machineGain(C.value, costs)).toEqual({ gain: -1_000, inTime: 0, late: 0 });
  });

  it('counts a warning of exactly the minimum lead as in time', () => {
    expect(machineGain({ machineHours: 1, failures: 1, leadTimesHours: [24], falseAlarms: 0 }, costs).inTime).toBe(1);
  });
});

describe('netValue', () => {
  it('gives the worked example: 12,833 per 1,000 machine-hours, with the counts behind it', () => {
    const v = netValue([A, B, C], costs, 'example');
    expect(v).toMatchObject({ machines: 3, machineHours: 6000, failures: 3, detectedInTime: 2, detectedLate: 1, falseAlarms: 6, insufficient: null });
    expect(v.estimate).toBeCloseTo(77_000 / 6, 6);
    // The interval lies between the least and the most a resample of these three machines can give
    // (all C: −400; all B: 25,666.67) and holds the estimate.
    expect(v.low!).toBeGreaterThanOrEqual(-400);
    expect(v.high!).toBeLessThanOrEqual(77_000 / 3);
    expect(v.low!).toBeLessThan(v.estimate!);
    expect(v.high!).toBeGreaterThan(v.estimate!);
  });

  it('narrows with more machines: ten of each of A, B, C give the same estimate, the README interval 8,913 to 16,913', () => {
    const fleet = Array.from({ length: 10 }, (_, i) => [A, B, C].map((m) => ({ ...m, assetId: `${m.assetId}${i}` }))).flat();
    const v = netValue(fleet, costs, 'rule:value');
    expect(v.estimate).toBeCloseTo(77_000 / 6, 6);
    // Seeded draws (key "rule:value", as the value rule with id "value" takes them): regression values quoted in the README.
    expect(Math.round(v.low!)).toBe(8913);
    expect(Math.round(v.high!)).toBe(16913);
    // With three machines the interval is as wide as the machines differ: it reaches all-C (−400) and all-B (25,667).
    expect(netValue([A, B, C], costs, 'rule:value')).toMatchObject({ low: -400, high: 77_000 / 3 });
  });

  it('is deterministic for a key, and the key changes the draws', () => {
    const machines = Array.from({ length: 40 }, (_, i) => ({
      assetId: `M${i}`,
      value: { machineHours: 1000 + 50 * i, failures: i % 3, leadTimesHours: i % 3 ? [12 + i] : [], falseAlarms: i % 5 },
    }));
    const a = netValue(machines, costs, 'k');
    expect(netValue(machines, costs, 'k')).toEqual(a);
    expect(netValue(machines, costs, 'other')).not.toEqual(a);
    expect(a.low!).toBeLessThan(a.estimate!);
    expect(a.high!).toBeGreaterThan(a.estimate!);
  });

  it('has no spread when every machine is the same: the interval is the estimate', () => {
    const same = ['X', 'Y', 'Z'].map((assetId) => ({ assetId, value: { machineHours: 1000, failures: 1, leadTimesHours: [30], falseAlarms: 4 } }));
    // 1000 × (40,000 − 2,000) / 1,000 h = 38,000.
    expect(netValue(same, costs, 's')).toMatchObject({ estimate: 38_000, low: 38_000, high: 38_000 });
  });

  it('is insufficient evidence, not zero, without machines, for results stored before value counts, and with no hour scored', () => {
    expect(netValue([], costs, 'k')).toMatchObject({ estimate: null, low: null, insufficient: 'no evaluated machine' });
    expect(netValue([A, { assetId: 'old', value: null }], costs, 'k')).toMatchObject({
      machines: 0,
      estimate: null,
      insufficient: '1 of 2 evaluated machines have no value counts (evaluated before they were recorded): re-evaluate',
    });
    const idle = { assetId: 'I', value: { machineHours: 0, failures: 0, leadTimesHours: [], falseAlarms: 0 } };
    expect(netValue([idle], costs, 'k')).toMatchObject({ estimate: null, insufficient: 'no machine-hours scored' });
  });

  it('prices with the shipped placeholder costs the same way', () => {
    expect(DEFAULT_VALUE_COSTS).toEqual(costs);
  });
});

describe('netValueBySegment', () => {
  it('gives the whole set and each machine model, age band and site, in a fixed order', () => {
    const machines = [
      { ...A, machineModel: 'P200', ageBand: '0-5y', site: 'PLT1' },
      { ...C, machineModel: 'K10', ageBand: '10-15y', site: 'PLT1' },
      { ...B, machineModel: 'P200', ageBand: '5-10y', site: 'PLT2' },
    ];
    const { all, segments } = netValueBySegment(machines, costs, 'run');
    expect(all.estimate).toBeCloseTo(77_000 / 6, 6);
    expect(segments.map((s) => `${s.dimension}=${s.value}:${s.machines}`)).toEqual([
      'machineModel=K10:1',
      'machineModel=P200:2',
      'ageBand=0-5y:1',
      'ageBand=5-10y:1',
      'ageBand=10-15y:1',
      'site=PLT1:2',
      'site=PLT2:1',
    ]);
    // P200 = A + B: 1000 × 78,000 / 3,500 h; PLT1 = A + C: 1000 × 38,500 / 4,500 h.
    expect(segments[1].estimate).toBeCloseTo(78_000_000 / 3500, 6);
    expect(segments[5].estimate).toBeCloseTo(38_500_000 / 4500, 6);
    expect(netValueBySegment([...machines].reverse(), costs, 'run')).toEqual({ all, segments });
  });
});
