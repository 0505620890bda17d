import { RuleResult } from '../policy.types';
import { blockingRules } from '../rules.util';
import { PromotionEntity, PromotionStatus, ScopeKind, StoredScope, TargetStage, Waiver } from './promotion.entity';

export interface PromotionView {
  id: string;
  model: string;
  version: number;
  modelVersionId: string;
  /** ONNX sha256 of the version. */
  sha256: string;
  fromStage: string;
  targetStage: TargetStage;
  scope: { kind: ScopeKind; machines: number; assetIds: string[] };
  evidence: { runId: string | null; reportHash: string | null; mappingVersion: number | null };
  policy: { name: string; version: number; sha256: string };
  outcome: 'pass' | 'fail';
  /** Rules that failed or lacked evidence, advisory ones aside: each needs a waiver to approve. */
  blocking: string[];
  ruleResults: RuleResult[];
  justification: string;
  status: PromotionStatus;
  requestedBy: string;
  requestedAt: string;
  decision: { by: string; at: string; reason: string | null; waivers: Waiver[]; owner: string | null } | null;
  rollback: { by: string; at: string } | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function promotionView(p: PromotionEntity): PromotionView {
  const scope = JSON.parse(p.scope) as StoredScope;
  const ruleResults = JSON.parse(p.ruleResults) as RuleResult[];
  return {
    id: p.id,
    model: p.modelName,
    version: p.versionNumber,
    modelVersionId: p.modelVersionId,
    sha256: p.sha256,
    fromStage: p.fromStage,
    targetStage: p.targetStage,
    scope: { kind: scope.kind, machines: scope.machines.length, assetIds: scope.machines.map((m) => m.assetId) },
    evidence: { runId: p.evidenceRunId, reportHash: p.reportHash, mappingVersion: p.mappingVersion },
    policy: { name: p.policyName, version: p.policyVersion, sha256: p.policySha256 },
    outcome: p.outcome,
    blocking: blockingRules(ruleResults),
    ruleResults,
    justification: p.justification,
    status: p.status,
    requestedBy: p.requestedBy,
    requestedAt: iso(p.requestedAt),
    decision:
      p.decidedBy && p.decidedAt
        ? { by: p.decidedBy, at: iso(p.decidedAt), reason: p.decisionReason, waivers: p.waivers ? (JSON.parse(p.waivers) as Waiver[]) : [], owner: p.owner }
        : null,
    rollback: p.rolledBackBy && p.rolledBackAt ? { by: p.rolledBackBy, at: iso(p.rolledBackAt) } : null,
  };
}

/** The evidence every gate audit event carries, so the chain alone says what a decision rested on. */
export function evidencePayload(p: PromotionEntity): Record<string, unknown> {
  return {
    promotionId: p.id,
    modelVersionId: p.modelVersionId,
    model: p.modelName,
    version: p.versionNumber,
    sha256: p.sha256,
    targetStage: p.targetStage,
    evidence: { runId: p.evidenceRunId, reportHash: p.reportHash, mappingVersion: p.mappingVersion },
    policy: { name: p.policyName, version: p.policyVersion, sha256: p.policySha256 },
  };
}
