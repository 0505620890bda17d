import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '@fleetgate/audit';
import { Actor, canonicalJson } from '@fleetgate/common';
import { assetIdsHash } from '@fleetgate/fleet';
import { enqueueWebhookEvent } from '@fleetgate/webhooks';
import { ruleResultsHash } from '../evidence/evidence-bundle.util';
import { gateErrors } from '../gate.exception';
import { GateRepository } from '../gate.repository';
import { GatePolicyService } from '../policy/gate-policy.service';
import { PolicyDefinition, RuleResult, ShadowEvidence } from '../policy.types';
import { blockingRules, evaluatePolicy } from '../rules.util';
import { Evidence, PromotionEvidenceService } from './promotion-evidence.service';
import { PromotionEntity, PromotionStatus, SCOPE_KINDS, ScopeKind, StoredScope, TARGET_STAGES, TargetStage } from './promotion.entity';
import { evidencePayload, promotionView, PromotionView } from './promotion.view';
import { shadowEvidence } from './shadow-evidence.util';

export interface PromotionRequestInput {
  modelVersionId: string;
  targetStage: TargetStage;
  scope: ScopeKind;
  /** With scope `assets`. */
  assetIds?: string[];
  /** Required except for `archived`. */
  evidenceRunId?: string;
  justification: string;
  /** Policy name (default `default`); its newest version judges the request. */
  policy?: string;
}

const STAGE_RANK: Record<string, number> = { pilot: 0, staging: 1, production: 2 };

/** pilot → staging → production (staging optional); the same stage again widens the scope; any live stage → archived. */
export function checkStageOrder(current: string, target: TargetStage): string | null {
  if (current === 'archived') return 'an archived version cannot be promoted again; register a new version';
  if (target === 'archived') return null;
  if (STAGE_RANK[target] < STAGE_RANK[current]) return `${current} → ${target} is a demotion; roll back the promotion that put it in ${current} instead`;
  return null;
}

/** Promotion requests: judged against the policy on stored evidence when made, then decided by a second person. */
@Injectable()
export class PromotionService {
  private readonly logger = new Logger(PromotionService.name);

  constructor(
    private readonly repo: GateRepository,
    private readonly policies: GatePolicyService,
    private readonly evidence: PromotionEvidenceService,
    private readonly audit: AuditService,
  ) {}

  /** The `shadow` rule's evidence: read only when the policy has one; null (not applicable) below production. */
  private async shadowFor(policy: PolicyDefinition, versionId: string, target: TargetStage, machineIds: string[]): Promise<ShadowEvidence | null | undefined> {
    if (!policy.rules.some((r) => r.kind === 'shadow')) return undefined;
    if (target !== 'production') return null;
    const { shadows, counts } = await this.repo.shadowRecords(versionId);
    return shadowEvidence(shadows, counts, machineIds, Date.now());
  }

  async request(input: PromotionRequestInput, actor: Actor): Promise<PromotionView> {
    if (!TARGET_STAGES.includes(input.targetStage))
      throw gateErrors.invalidRequest(`targetStage must be one of ${TARGET_STAGES.join(', ')} (pilot is where versions start)`, 'targetStage');
    if (!SCOPE_KINDS.includes(input.scope)) throw gateErrors.invalidRequest(`scope must be one of ${SCOPE_KINDS.join(', ')}`, 'scope');
    if (input.scope === 'assets' && !input.assetIds?.length) throw gateErrors.invalidRequest('scope "assets" needs assetIds', 'assetIds');
    if (input.scope !== 'assets' && input.assetIds?.length) throw gateErrors.invalidRequest('assetIds go with scope "assets" only', 'assetIds');
    const justification = (input.justification ?? '').trim();
    if (!justification) throw gateErrors.invalidRequest('a promotion request needs a written justification', 'justification');
    const archive = input.targetStage === 'archived';
    if (!archive && !input.evidenceRunId) throw gateErrors.invalidRequest('a promotion needs an evaluation run of this version as evidence', 'evidenceRunId');

    const found = await this.repo.version(input.modelVersionId);
    if (!found) throw gateErrors.invalidRequest(`model version ${input.modelVersionId} not found`, 'modelVersionId');
    const { model, version } = found;
    const orderProblem = checkStageOrder(version.stage, input.targetStage);
    if (orderProblem) throw gateErrors.stageOrder(orderProblem);
    const policy = await this.policies.latest(input.policy);

    let evidence: Evidence | null = null;
    let scope: StoredScope = { kind: input.scope, machines: [] };
    let results: RuleResult[] = [];
    let outcome: 'pass' | 'fail' = 'pass';
    if (input.evidenceRunId) evidence = await this.evidence.evidence(input.evidenceRunId, version.id, policy.definition);
    if (!archive) {
      const machines = await this.evidence.scope(input.scope, input.assetIds, evidence);
      scope = { kind: input.scope, machines: machines.map((m) => ({ id: m.id, assetId: m.assetId })).sort((a, b) => (a.assetId < b.assetId ? -1 : 1)) };
      const scopeMachines = await this.evidence.scopeMachines(machines, evidence!);
      // The version's training machines are deployed with the scope but judged by no rule, the shadow rule included.
      const training = new Set(scopeMachines.filter((m) => m.verdict === 'training').map((m) => m.assetId));
      const shadow = await this.shadowFor(
        policy.definition,
        version.id,
        input.targetStage,
        machines.filter((m) => !training.has(m.assetId)).map((m) => m.id),
      );
      const judged = evaluatePolicy(policy.definition, scopeMachines, shadow);
      results = judged.results;
      outcome = judged.outcome;
    }

    const entity = Object.assign(new PromotionEntity(), {
      id: randomUUID(),
      modelId: model.id,
      modelName: model.name,
      modelVersionId: version.id,
      versionNumber: version.version,
      sha256: version.sha256,
      fromStage: version.stage,
      targetStage: input.targetStage,
      scope: canonicalJson(scope),
      evidenceRunId: evidence?.run.id ?? null,
      reportHash: evidence?.run.reportHash ?? null,
      mappingVersion: evidence?.run.mappingVersion ?? null,
      policyName: policy.name,
      policyVersion: policy.version,
      policySha256: policy.sha256,
      ruleResults: canonicalJson(results),
      outcome,
      justification,
      status: 'pending' as PromotionStatus,
      requestedBy: actor.name,
      requestedAt: Date.now(),
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
      waivers: null,
      owner: null,
      rolledBackBy: null,
      rolledBackAt: null,
    });
    await this.repo.transaction(async (m) => {
      await this.repo.insertPromotion(entity, m);
      await this.audit.append(
        {
          actor: actor.name,
          action: 'promotion.requested',
          subject: `promotion:${entity.id}`,
          payload: {
            ...evidencePayload(entity),
            fromStage: entity.fromStage,
            scope: { kind: scope.kind, machines: scope.machines.length, assetIdsSha256: assetIdsHash(scope.machines.map((x) => x.assetId)) },
            outcome,
            blocking: blockingRules(results),
            ruleResultsSha256: ruleResultsHash(results),
            justification,
          },
        },
        m,
      );
      await enqueueWebhookEvent(m, 'promotion.requested', {
        ...evidencePayload(entity),
        fromStage: entity.fromStage,
        scope: { kind: scope.kind, machines: scope.machines.length },
        outcome,
        requestedBy: actor.name,
      });
    });
    this.logger.log({ msg: 'promotion requested', promotionId: entity.id, model: model.name, version: version.version, target: entity.targetStage, outcome });
    return promotionView(entity);
  }

  async get(id: string): Promise<PromotionView> {
    const p = await this.repo.promotion(id);
    if (!p) throw gateErrors.promotionNotFound(id);
    return promotionView(p);
  }

  async list(filter: { status?: PromotionStatus; modelVersionId?: string; limit?: number }): Promise<PromotionView[]> {
    return (await this.repo.promotions(filter)).map(promotionView);
  }

  async reject(id: string, reason: string, actor: Actor): Promise<PromotionView> {
    const text = (reason ?? '').trim();
    if (!text) throw gateErrors.invalidRequest('a rejection needs a reason', 'reason');
    const p = await this.repo.promotion(id);
    if (!p) throw gateErrors.promotionNotFound(id);
    const patch = { status: 'rejected' as PromotionStatus, decidedBy: actor.name, decidedAt: Date.now(), decisionReason: text };
    await this.repo.transaction(async (m) => {
      if (!(await this.repo.transition(id, 'pending', patch, m))) throw gateErrors.notPending(id, (await this.repo.promotion(id, m))?.status ?? p.status);
      await this.audit.append(
        { actor: actor.name, action: 'promotion.rejected', subject: `promotion:${id}`, payload: { ...evidencePayload(p), reason: text } },
        m,
      );
      await enqueueWebhookEvent(m, 'promotion.rejected', { ...evidencePayload(p), reason: text, rejectedBy: actor.name });
    });
    return promotionView({ ...p, ...patch });
  }
}
