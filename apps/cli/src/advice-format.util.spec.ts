import type { AdviceView, RemedyResult } from '@fleetgate/advice';
import { adviceText } from './advice-format.util';

const pooled = (count: number, of: number, estimate: number, low: number, high: number) => ({ count, of, estimate, low, high });

function remedy(over: Partial<RemedyResult>): RemedyResult {
  return {
    remedy: 'per-machine-baseline',
    cost: 'new-version',
    applies: true,
    reason: '',
    thresholds: 'version',
    modelVersionId: 'v2',
    label: 'pump-anomaly-per-machine-baseline@1',
    runId: 'r2',
    trainingMachines: ['P1'],
    error: null,
    figures: null,
    segments: [],
    ...over,
  };
}

const advice = (summary: AdviceView['summary'], status: AdviceView['status'] = 'done'): AdviceView => ({
  id: 'a1',
  runId: 'r1',
  status,
  requestedBy: 'rel',
  options: { samplePerSegment: 2, regimeSignals: [], baselineMs: null, seed: 42, role: 'reliability-engineer' },
  remedies: [],
  summary,
  error: null,
  createdAt: '2026-11-30T00:00:00.000Z',
  finishedAt: null,
});

describe('advice as the CLI prints it', () => {
  const figures = {
    evaluated: 10,
    broughtIntoScope: ['A', 'B', 'C'],
    training: [],
    recall: pooled(2, 3, 2 / 3, 0.2077, 0.9385),
    alarmRate: pooled(20, 1000, 0.02, 0.013, 0.0307),
    value: null,
  };

  it('lists remedies best first with their gains, intervals and cost, then the recommended one and its segments', () => {
    const text = adviceText(
      advice({
        leftOut: { machines: 10, assetIds: [] },
        costs: { unplannedFailureCost: 50_000, plannedRepairCost: 10_000, falseAlarmCost: 500, minLeadTimeHours: 24 },
        remedies: [
          remedy({ figures, segments: [{ ...figures, dimension: 'machineModel', segment: 'P100', leftOut: 4 }] }),
          remedy({ remedy: 'per-regime', applies: false, reason: 'no regime signals named', figures: null, label: null }),
          remedy({ remedy: 'fleet-trained', figures: null, error: 'training the variant failed: no data' }),
        ],
        byValue: ['per-machine-baseline'],
        recommended: 'per-machine-baseline',
      }),
    );
    expect(text).toContain('advice for run r1: 10 machines left out');
    expect(text).toMatch(/per-machine-baseline\s+new-version\s+\+3 of 10 {2}recall 66\.7 % \[20\.8 %, 93\.8 %\] {2}alarm rate 2\.0 % \[1\.3 %, 3\.1 %\]/);
    expect(text).toMatch(/per-regime\s+new-version\s+does not apply: no regime signals named/);
    expect(text).toMatch(/fleet-trained\s+new-version\s+not evaluated: training the variant failed: no data/);
    expect(text).toContain('by net value (lower bound): per-machine-baseline\nrecommended: per-machine-baseline');
    expect(text).toMatch(/machineModel=P100\s+\+ {2}3 of {3}4/);
  });

  it('says where a pending advice stands', () => {
    const pending = advice(null, 'evaluating');
    pending.remedies = [{ ...remedy({}), training: null, thresholds: 'version', runId: 'r9' }];
    expect(adviceText(pending)).toBe('advice a1 for run r1: evaluating\n  per-machine-baseline (run r9)');
  });
});
