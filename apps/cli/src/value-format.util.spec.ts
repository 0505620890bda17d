import type { NetValue, RunNetValue } from '@fleetgate/gate';
import { netValueTable } from './value-format.util';

const worked: NetValue = {
  machines: 3,
  machineHours: 6000,
  failures: 3,
  detectedInTime: 2,
  detectedLate: 1,
  falseAlarms: 6,
  estimate: 77_000 / 6,
  low: -400,
  high: 77_000 / 3,
  insufficient: null,
};

describe('netValueTable', () => {
  it('prints the costs and where they come from, then a line per set of machines with its interval', () => {
    const run: RunNetValue = {
      runId: 'r',
      reportHash: null,
      costs: { unplannedFailureCost: 50_000, plannedRepairCost: 10_000, falseAlarmCost: 500, minLeadTimeHours: 24 },
      costsFrom: null,
      fleet: worked,
      validatedScope: {
        machines: 0,
        machineHours: 0,
        failures: 0,
        detectedInTime: 0,
        detectedLate: 0,
        falseAlarms: 0,
        estimate: null,
        low: null,
        high: null,
        insufficient: 'no evaluated machine',
      },
      segments: [{ ...worked, dimension: 'site', value: 'PLT1' }],
    };
    const lines = netValueTable(run).split('\n');
    expect(lines[0]).toBe(
      'costs (shipped placeholder costs (no approved policy version sets any): set your own): unplanned failure 50,000, planned repair 10,000, false alarm 500, warning needed 24 h',
    );
    expect(lines[4]).toMatch(/^all evaluated\s+3\s+6,000\s+2\/3\s+6\s+12,833\s+\[-400 to 25,667\]$/);
    expect(lines[5]).toMatch(/^validated scope\s+0\s+0\s+0\/0\s+0\s+insufficient evidence: no evaluated machine$/);
    expect(lines[6]).toMatch(/^site=PLT1\s+3/);
  });
});
