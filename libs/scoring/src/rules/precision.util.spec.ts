import { coveringMaintenance } from './maintenance.util';
import { livePrecision } from './precision.util';

describe('livePrecision', () => {
  it('confirmed / (confirmed + false alarms), with the Wilson interval; unknown does not count', () => {
    const p = livePrecision(['confirmed-fault', 'confirmed-fault', 'confirmed-fault', 'false-alarm', 'unknown', null]);
    expect(p).toMatchObject({ confirmed: 3, falseAlarms: 1, unknown: 1, estimate: 0.75 });
    // statsmodels proportion_confint(3, 4, method='wilson') → (0.3006, 0.9544)
    expect(p.low).toBeCloseTo(0.3006, 3);
    expect(p.high).toBeCloseTo(0.9544, 3);
  });

  it('no decided outcome is no estimate, not zero', () => {
    expect(livePrecision(['unknown'])).toMatchObject({ estimate: null, low: 0, high: 1 });
  });
});

describe('coveringMaintenance', () => {
  const spans = [
    { id: 'm', machineId: 'M1', lineId: null, fromMs: 10, toMs: 20 },
    { id: 'l', machineId: null, lineId: 'L1', fromMs: 30, toMs: 40 },
  ];
  it('covers the machine itself or any machine of the line, [from, to)', () => {
    expect(coveringMaintenance(spans, 'M1', null, 10)?.id).toBe('m');
    expect(coveringMaintenance(spans, 'M1', null, 20)).toBeUndefined();
    expect(coveringMaintenance(spans, 'M2', 'L1', 35)?.id).toBe('l');
    expect(coveringMaintenance(spans, 'M2', 'L2', 35)).toBeUndefined();
    expect(coveringMaintenance(spans, 'M2', null, 15)).toBeUndefined();
  });
});
