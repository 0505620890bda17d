import type { ConsistencyReport } from '@fleetgate/gate';

/** The answer of GET /api/deployments/consistency. */
export type DeploymentConsistency = ConsistencyReport;

/** One line when consistent; otherwise one line per promotion × machine at fault. */
export function consistencyText(c: DeploymentConsistency): string {
  if (c.ok) return `deployments consistent: ${c.promotions} approved promotion(s), ${c.machines} machine assignment(s)`;
  const lines = [`deployments INCONSISTENT: ${c.problems.length} machine assignment(s) of approved promotions are not honoured`];
  for (const p of c.problems) {
    const served = p.servedBy ? `served by v${p.servedBy.version ?? '?'} (promotion ${p.servedBy.promotionId})` : 'served by nothing';
    lines.push(`  promotion ${p.promotionId} (${p.model}@${p.version} ${p.stage}) on ${p.assetId}: ${served} — ${p.reason}`);
  }
  return lines.join('\n');
}
