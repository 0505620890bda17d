import { Injectable } from '@nestjs/common';
import { AuditService } from '@fleetgate/audit';
import { Actor } from '@fleetgate/common';
import { DeploymentEntity } from '../deployment/deployment.entity';
import { DeploymentRepository } from '../deployment/deployment.repository';
import { gateErrors } from '../gate.exception';
import { GateRepository } from '../gate.repository';
import { GuardsDefinition, PolicyDefinition } from '../policy.types';
import { demotionReason, GuardResult } from './guard.util';
import { enqueueWebhookEvent } from '@fleetgate/webhooks';

/** A reinstated deployment as the api returns it. */
export interface ReinstatedDeployment {
  deploymentId: string;
  machineId: string;
  modelVersionId: string;
  reinstatedAt: string;
  note: string;
}

/**
 * The deployment side of guards: which guards a deployment carries (from the policy version that
 * approved its promotion), and the suspensions they write — demotion, silence and their ends —
 * each with its audit event in the same transaction. A row stays `active` while suspended, so
 * rollback and the deployment consistency check read it as they read any production row.
 */
@Injectable()
export class DeploymentGuardService {
  private readonly guardsByPromotion = new Map<string, GuardsDefinition | null>();

  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly repo: GateRepository,
    private readonly audit: AuditService,
  ) {}

  /** The guards of the policy version that approved the deployment's promotion (null: none, e.g. default@1). */
  async guardsOf(d: DeploymentEntity): Promise<GuardsDefinition | null> {
    const cached = this.guardsByPromotion.get(d.promotionId);
    if (cached !== undefined) return cached;
    const promotion = await this.repo.promotion(d.promotionId);
    const policy = promotion ? await this.repo.policyVersion(promotion.policyName, promotion.policyVersion) : null;
    const guards = policy ? ((JSON.parse(policy.definition) as PolicyDefinition).guards ?? null) : null;
    if (this.guardsByPromotion.size > 10_000) this.guardsByPromotion.clear();
    this.guardsByPromotion.set(d.promotionId, guards);
    return guards;
  }

  /** The row the deployment's promotion superseded on this machine (what a demotion may fall back to). */
  previousOf(d: DeploymentEntity): Promise<DeploymentEntity | null> {
    return this.deployments.previousOf(d);
  }

  byId(id: string): Promise<DeploymentEntity | null> {
    return this.deployments.byId(id);
  }

  /** Suspends a serving row for a guard's breach; false when the row changed meanwhile (rolled back, already suspended). */
  demote(d: DeploymentEntity, breach: GuardResult, fallback: DeploymentEntity | null, atMs: number): Promise<boolean> {
    const reason = `${demotionReason(breach)}; ${fallback ? `falls back to the version it replaced (deployment ${fallback.id})` : 'not covered until reinstated or re-evaluated'}`;
    return this.deployments.dataSource.transaction(async (m) => {
      const done = await this.deployments.setSuspension(
        d.id,
        null,
        {
          suspendedAt: atMs,
          suspendedReason: reason,
          suspensionKind: 'guard',
          guardRule: breach.rule,
          guardValue: breach.value,
          guardLimit: breach.limit,
          fallbackDeploymentId: fallback?.id ?? null,
        },
        m,
      );
      if (!done) return false;
      await this.audit.append(
        {
          actor: 'system',
          action: 'deployment.demoted',
          subject: `deployment:${d.id}`,
          payload: {
            deploymentId: d.id,
            machineId: d.machineId,
            modelVersionId: d.modelVersionId,
            rule: breach.rule,
            value: breach.value,
            limit: breach.limit,
            detail: breach.detail,
            fallbackDeploymentId: fallback?.id ?? null,
            fallbackModelVersionId: fallback?.modelVersionId ?? null,
          },
        },
        m,
      );
      // Subscribed webhooks hear of it from the same transaction (the last statement, as every outbox write).
      await enqueueWebhookEvent(m, 'deployment.demoted', {
        deploymentId: d.id,
        machineId: d.machineId,
        modelVersionId: d.modelVersionId,
        rule: breach.rule,
        value: breach.value,
        limit: breach.limit,
        fallbackDeploymentId: fallback?.id ?? null,
      });
      return true;
    });
  }

  /** Silence: scoring of the row stops until usable data return (never a demotion). */
  suspendForSilence(d: DeploymentEntity, reason: string, atMs: number): Promise<boolean> {
    return this.deployments.dataSource.transaction(async (m) => {
      const done = await this.deployments.setSuspension(d.id, null, { ...cleared(), suspendedAt: atMs, suspendedReason: reason, suspensionKind: 'silence' }, m);
      if (done)
        await this.audit.append(
          {
            actor: 'system',
            action: 'deployment.scoring-suspended',
            subject: `deployment:${d.id}`,
            payload: { deploymentId: d.id, machineId: d.machineId, reason },
          },
          m,
        );
      return done;
    });
  }

  resumeAfterSilence(d: DeploymentEntity, dataEndMs: number): Promise<boolean> {
    return this.deployments.dataSource.transaction(async (m) => {
      const done = await this.deployments.setSuspension(d.id, 'silence', cleared(), m);
      if (done)
        await this.audit.append(
          {
            actor: 'system',
            action: 'deployment.scoring-resumed',
            subject: `deployment:${d.id}`,
            payload: { deploymentId: d.id, machineId: d.machineId, dataUntil: new Date(dataEndMs).toISOString() },
          },
          m,
        );
      return done;
    });
  }

  /** A reliability engineer puts a demoted row back in service; guards then count only data after now. */
  async reinstate(id: string, note: unknown, actor: Actor): Promise<ReinstatedDeployment> {
    if (typeof note !== 'string' || !note.trim() || note.length > 2000)
      throw gateErrors.invalidRequest('a note of 1–2000 characters: why the deployment may serve again', 'note');
    const at = Date.now();
    return this.deployments.dataSource.transaction(async (m) => {
      const d = await this.deployments.byId(id, m);
      if (!d) throw gateErrors.deploymentNotFound(id);
      if (!d.active) throw gateErrors.notDemoted(id, 'it no longer serves (superseded or rolled back)');
      if (d.suspensionKind !== 'guard')
        throw gateErrors.notDemoted(id, d.suspensionKind ? `it is suspended by ${d.suspensionKind}, not by a guard` : 'it is not demoted');
      if (!(await this.deployments.setSuspension(id, 'guard', { ...cleared(), reinstatedNote: note.trim(), reinstatedAt: at }, m)))
        throw gateErrors.notDemoted(id, 'it changed meanwhile');
      await this.audit.append(
        {
          actor: actor.name,
          action: 'deployment.reinstated',
          subject: `deployment:${id}`,
          payload: {
            deploymentId: id,
            machineId: d.machineId,
            modelVersionId: d.modelVersionId,
            note: note.trim(),
            demotedFor: d.suspendedReason,
            rule: d.guardRule,
          },
        },
        m,
      );
      await enqueueWebhookEvent(m, 'deployment.reinstated', {
        deploymentId: id,
        machineId: d.machineId,
        modelVersionId: d.modelVersionId,
        note: note.trim(),
        by: actor.name,
      });
      return { deploymentId: id, machineId: d.machineId, modelVersionId: d.modelVersionId, reinstatedAt: new Date(at).toISOString(), note: note.trim() };
    });
  }
}

function cleared() {
  return {
    suspendedAt: null,
    suspendedReason: null,
    suspensionKind: null,
    guardRule: null,
    guardValue: null,
    guardLimit: null,
    fallbackDeploymentId: null,
  };
}
