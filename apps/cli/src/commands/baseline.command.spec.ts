import { buildCoverage } from '@fleetgate/gate';
import { coverageText } from '../gate-format.util';
import { baselineListText, baselineSetText } from './baseline.command';

const REASON = 'baseline reset to 2026-03-01T00:00:00.000Z–2026-03-15T00:00:00.000Z (v1) by rel: re-evaluate before it serves again';
const baseline = {
  machineId: 'id1',
  assetId: 'PLT1-P200-01',
  version: 1,
  fromMs: Date.parse('2026-03-01T00:00:00Z'),
  toMs: Date.parse('2026-03-15T00:00:00Z'),
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-15T00:00:00.000Z',
  note: 'bearing overhaul',
  createdBy: 'rel',
  createdAt: '2026-04-01T08:00:00.000Z',
};

describe('baseline command output', () => {
  it('says what was suspended and why, or that nothing was', () => {
    expect(
      baselineSetText({
        baseline,
        suspended: [{ deploymentId: 'd', model: 'pump', version: 3, modelVersionId: 'v', promotionId: 'p' }],
        suspendedReason: REASON,
      }),
    ).toBe(
      [
        'PLT1-P200-01: baseline v1 set to 2026-03-01T00:00:00.000Z – 2026-03-15T00:00:00.000Z',
        'suspended 1 production deployment(s) until re-evaluated: pump@3',
        `reason: ${REASON}`,
      ].join('\n'),
    );
    expect(baselineSetText({ baseline, suspended: [], suspendedReason: null })).toMatch(/nothing suspended$/);
  });

  it('lists the versions, or says the evaluation derives the baseline', () => {
    expect(baselineListText('PLT1-P200-01', [baseline])).toBe(
      'PLT1-P200-01: 1 explicit baseline version(s), the newest applies\n  v1  2026-03-01T00:00:00.000Z – 2026-03-15T00:00:00.000Z  by rel at 2026-04-01T08:00:00.000Z  bearing overhaul',
    );
    expect(baselineListText('X', [])).toMatch(/no explicit baseline/);
  });

  it('coverage lists suspended machines apart from the uncovered ones, with the reason', () => {
    const machine = (i: number) => ({ machineId: `id${i}`, assetId: `A${i}`, site: 'PLT1', line: 'L1', machineModel: 'P200', ageBand: '0-5y' });
    const assignment = {
      machineId: 'id1',
      model: 'pump',
      version: 1,
      modelVersionId: 'v',
      promotionId: 'p',
      evidenceRunId: 'r',
      owner: 'rel',
      since: 0,
      baseline: null,
      threshold: 0.5,
      thresholdMode: 'version' as const,
      suspendedAt: 1,
      suspendedReason: REASON,
    };
    const text = coverageText(buildCoverage([machine(1), machine(2)], [assignment]));
    expect(text).toContain('not covered (1): A2');
    expect(text).toContain(`suspended until re-evaluated (1):\n  A1: ${REASON}`);
  });
});
