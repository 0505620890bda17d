/**
 * The consistency of deployments with the decisions behind them: every approved promotion's
 * machines are served by its version at its stage, unless a later approved promotion took
 * them over. Pure (no Nest, no I/O): the service loads the rows, this decides.
 */

export interface ConsistencyPromotion {
  id: string;
  modelId: string;
  modelName: string;
  modelVersionId: string;
  versionNumber: number;
  targetStage: string;
  status: string;
  decidedAt: number | null;
  machines: Array<{ id: string; assetId: string }>;
}

export interface ConsistencyDeployment {
  modelId: string;
  machineId: string;
  modelVersionId: string;
  stage: string;
  promotionId: string;
  active: boolean;
  createdAt: number;
  supersededBy: string | null;
}

export interface ConsistencyProblem {
  promotionId: string;
  model: string;
  version: number;
  stage: string;
  assetId: string;
  /** What serves the machine at that stage instead (null: nothing). */
  servedBy: { version: number | null; promotionId: string } | null;
  reason: string;
}

export interface ConsistencyReport {
  ok: boolean;
  /** Approved promotions to staging or production that were checked. */
  promotions: number;
  /** Machine × promotion pairs checked. */
  machines: number;
  problems: ConsistencyProblem[];
}

const LIVE = new Set(['staging', 'production']);

/**
 * Finds every approved promotion (to staging or production) with a scope machine that is not
 * served by its version at its stage, without a later approved promotion explaining it:
 * - its own row there is active → consistent;
 * - its own row was superseded by a promotion that is still approved → explained by that one;
 * - its own row went out of service otherwise (a rollback of another promotion, or nothing
 *   recorded) → a problem;
 * - it has no row there (rows written before approvals re-issued kept rows): explained only
 *   by an approved promotion of the same model decided after it that covers the machine at the
 *   same stage (or archives its version).
 */
export function checkDeploymentConsistency(promotions: ConsistencyPromotion[], deployments: ConsistencyDeployment[]): ConsistencyReport {
  const byId = new Map(promotions.map((p) => [p.id, p]));
  const key = (modelId: string, machineId: string, stage: string) => `${modelId}|${machineId}|${stage}`;
  const active = new Map<string, ConsistencyDeployment[]>();
  const own = new Map<string, ConsistencyDeployment[]>();
  for (const d of deployments) {
    if (d.active) active.set(key(d.modelId, d.machineId, d.stage), [...(active.get(key(d.modelId, d.machineId, d.stage)) ?? []), d]);
    const k = `${d.promotionId}|${d.machineId}`;
    own.set(k, [...(own.get(k) ?? []), d]);
  }
  const approved = promotions.filter((p) => p.status === 'approved');
  const laterCovering = (p: ConsistencyPromotion, machineId: string): boolean =>
    approved.some(
      (q) =>
        q.id !== p.id &&
        q.modelId === p.modelId &&
        (q.decidedAt ?? 0) > (p.decidedAt ?? 0) &&
        (q.targetStage === p.targetStage || (q.targetStage === 'archived' && q.modelVersionId === p.modelVersionId)) &&
        q.machines.some((x) => x.id === machineId),
    );

  const problems: ConsistencyProblem[] = [];
  let machines = 0;
  const checked = approved.filter((p) => LIVE.has(p.targetStage));
  for (const p of checked) {
    for (const machine of p.machines) {
      machines++;
      const serving = active.get(key(p.modelId, machine.id, p.targetStage)) ?? [];
      if (serving.some((d) => d.modelVersionId === p.modelVersionId)) continue;
      const mine = (own.get(`${p.id}|${machine.id}`) ?? []).sort((a, b) => b.createdAt - a.createdAt)[0];
      let reason: string | null;
      if (mine) {
        const by = mine.supersededBy ? byId.get(mine.supersededBy) : undefined;
        if (by?.status === 'approved') reason = null;
        else if (by) reason = `its deployment was taken out of service by promotion ${by.id}, now ${by.status}`;
        else if (mine.supersededBy) reason = `its deployment was taken out of service by unknown promotion ${mine.supersededBy}`;
        else reason = 'its deployment was taken out of service without a later promotion (a rollback of another promotion?)';
      } else {
        reason = laterCovering(p, machine.id) ? null : 'served by another version with no later approved promotion covering the machine';
      }
      if (reason === null) continue;
      const other = serving[0];
      problems.push({
        promotionId: p.id,
        model: p.modelName,
        version: p.versionNumber,
        stage: p.targetStage,
        assetId: machine.assetId,
        servedBy: other ? { version: byId.get(other.promotionId)?.versionNumber ?? null, promotionId: other.promotionId } : null,
        reason,
      });
    }
  }
  problems.sort((a, b) => (a.promotionId === b.promotionId ? a.assetId.localeCompare(b.assetId) : a.promotionId.localeCompare(b.promotionId)));
  return { ok: problems.length === 0, promotions: checked.length, machines, problems };
}
