import { checkDeploymentConsistency, ConsistencyDeployment, ConsistencyPromotion } from './deployment-consistency.util';

const M = (n: number) => ({ id: `m${n}`, assetId: `M${n}` });
const promo = (id: string, version: number, machines: number[], decidedAt: number, status = 'approved'): ConsistencyPromotion => ({
  id,
  modelId: 'pump',
  modelName: 'pump',
  modelVersionId: `v${version}`,
  versionNumber: version,
  targetStage: 'production',
  status,
  decidedAt,
  machines: machines.map(M),
});
const row = (promotionId: string, version: number, machine: number, active: boolean, supersededBy: string | null = null): ConsistencyDeployment => ({
  modelId: 'pump',
  machineId: `m${machine}`,
  modelVersionId: `v${version}`,
  stage: 'production',
  promotionId,
  active,
  createdAt: 1,
  supersededBy,
});

describe('checkDeploymentConsistency', () => {
  it('accepts a promotion superseded by a later approved one (A = v1 on M1–2, B = v2 on M1–2)', () => {
    const report = checkDeploymentConsistency(
      [promo('A', 1, [1, 2], 1), promo('B', 2, [1, 2], 2)],
      [row('A', 1, 1, false, 'B'), row('A', 1, 2, false, 'B'), row('B', 2, 1, true), row('B', 2, 2, true)],
    );
    expect(report).toEqual({ ok: true, promotions: 2, machines: 4, problems: [] });
  });

  it('reports an approved promotion whose machine went back to an earlier version when another promotion was rolled back', () => {
    // The state the old rollback left: X (v2 on M1) rolled back restored A's row, though B (v2, approved) had kept X's row.
    const report = checkDeploymentConsistency(
      [promo('A', 1, [1, 2], 1), promo('X', 2, [1], 2, 'rolled-back'), promo('B', 2, [1, 2], 3)],
      [row('A', 1, 1, true), row('A', 1, 2, false, 'B'), row('X', 2, 1, false), row('B', 2, 2, true)],
    );
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      {
        promotionId: 'B',
        model: 'pump',
        version: 2,
        stage: 'production',
        assetId: 'M1',
        servedBy: { version: 1, promotionId: 'A' },
        reason: 'served by another version with no later approved promotion covering the machine',
      },
    ]);
  });

  it('reports a deployment taken out of service by a promotion that is no longer approved, and ignores rolled-back promotions', () => {
    const report = checkDeploymentConsistency(
      [promo('A', 1, [1], 1), promo('C', 3, [1], 2, 'rolled-back')],
      [row('A', 1, 1, false, 'C'), row('C', 3, 1, false)],
    );
    expect(report.problems.map((p) => [p.promotionId, p.assetId, p.servedBy, p.reason])).toEqual([
      ['A', 'M1', null, 'its deployment was taken out of service by promotion C, now rolled-back'],
    ]);
    expect(report.promotions).toBe(1);
  });
});
