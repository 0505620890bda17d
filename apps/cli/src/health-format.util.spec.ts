import { alarmsText, healthText, table } from './health-format.util';

describe('health CLI formats', () => {
  it('aligns columns', () => {
    expect(table(['a', 'long'], [['xyz', '1']])).toBe('a    long\nxyz  1');
  });

  it('health: one row per machine and the state counts, not-covered shown as such', () => {
    const text = healthText({
      dataClock: '2026-06-01T00:00:00.000Z',
      totals: { value: 'all', machines: 2, byState: { ok: 1, watch: 0, alarm: 0, 'no-data': 0, suspended: 0, 'not-covered': 1 } },
      counts: { site: [], line: [] },
      machines: [
        {
          machineId: 'm1',
          assetId: 'PLT1-P200-0001',
          site: 'PLT1',
          line: 'L1',
          machineModel: 'P200',
          ageBand: '0-5y',
          state: 'ok',
          reason: null,
          score: 0.1234,
          threshold: 0.5,
          higherIsWorse: true,
          scoredWindowEnd: null,
          scoredBy: 'pump@1',
          qualityGrade24h: 'good',
          lastDataAt: '2026-06-01T00:00:00.000Z',
          production: [],
        },
        {
          machineId: 'm2',
          assetId: 'PLT1-P200-0002',
          site: 'PLT1',
          line: null,
          machineModel: 'P200',
          ageBand: '0-5y',
          state: 'not-covered',
          reason: 'no production deployment serves this machine',
          score: null,
          threshold: null,
          higherIsWorse: null,
          scoredWindowEnd: null,
          scoredBy: null,
          qualityGrade24h: null,
          lastDataAt: null,
          production: [],
        },
      ],
    });
    expect(text).toMatch(/^PLT1-P200-0001\s+PLT1\s+L1\s+ok\s+0\.123\s+0\.500\s+good/m);
    expect(text).toMatch(/^PLT1-P200-0002\s+PLT1\s+-\s+not-covered\s+-/m);
    expect(text).toContain('2 machines: ok 1, not-covered 1; data clock 2026-06-01T00:00:00.000Z');
  });

  it('alarms: suppressed shown as such, precision with its interval', () => {
    const text = alarmsText({
      alarms: [
        {
          id: 'a1',
          assetId: 'PLT1-P200-0001',
          site: 'PLT1',
          line: 'L1',
          model: 'pump',
          version: 1,
          deploymentId: 'd1',
          status: 'open',
          suppressed: true,
          maintenanceWindowId: 'w1',
          openedAt: '2026-06-01T00:00:00.000Z',
          score: 0.9,
          threshold: 0.5,
          acknowledgedBy: null,
          acknowledgedAt: null,
          note: null,
          outcome: null,
          closedAt: null,
          closedReason: null,
          followedBy: { kind: 'failure', at: '2026-06-02T00:00:00.000Z', component: 'bearing' },
        },
      ],
      precision: [
        {
          deploymentId: 'd1',
          assetId: 'PLT1-P200-0001',
          model: 'pump',
          version: 1,
          confirmed: 3,
          falseAlarms: 1,
          unknown: 0,
          estimate: 0.75,
          low: 0.3006,
          high: 0.9544,
        },
      ],
    });
    expect(text).toMatch(/suppressed/);
    expect(text).toContain('failure 2026-06-02T00:00:00.000Z');
    expect(text).toContain('PLT1-P200-0001 pump@1: 0.750 [0.301, 0.954] (3 confirmed, 1 false)');
  });
});
