import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '@fleetgate/audit';
import { authErrors } from '@fleetgate/auth';
import { Actor, canonicalJson } from '@fleetgate/common';
import { isLockConflict, isUniqueViolation } from '@fleetgate/db';
import { EvaluationReader } from '@fleetgate/evaluation';
import { MachineBaselineService } from '@fleetgate/fleet';
import { ModelVersionService, Stage } from '@fleetgate/registry';
import { enqueueWebhookEvent } from '@fleetgate/webhooks';
import {
  baselineResetReason,
  deploymentPin,
  DeploymentPin,
  encodePinnedBaseline,
  LatestBaseline,
  manifestThreshold,
  suspensionAfterApproval,
} from '../deployment/deployment-pin.util';
import { DeploymentEntity } from '../deployment/deployment.entity';
import { DeploymentRepository } from '../deployment/deployment.repository';
import { gateErrors } from '../gate.exception';
import { GateRepository } from '../gate.repository';
import { RuleResult } from '../policy.types';
import { PromotionEntity, PromotionStatus, StoredScope, Waiver } from './promotion.entity';
import { evidencePayload, promotionView, PromotionView } from './promotion.view';

/** What the deployments of one approval pin, read from its evidence before the transaction. */
interface PinSource {
  runId: string;
  runCreatedAt: number;
  /** Machines the evidence run evaluated (status done), with their pin. */
  evaluated: Map<string, DeploymentPin>;
  versionThreshold: number | null;
}

export interface ApprovalInput {
  waivers?: Waiver[];
  /** The accountable owner of the version (a user name); default the approver. */
  owner?: string;
}

/**
 * Approval applies the promotion in one transaction: the decision, the deployments, the
 * registry stage change (with its history) and the audit events commit together or not
 * at all. Lock order inside it — promotion row, version row, machine rows (shared, production
 * only), deployment rows by machine id, audit chain — is the same for every approval, so
 * concurrent ones queue or lose on the unique index (409) instead of deadlocking.
 */
@Injectable()
export class ApprovalService {
  private readonly logger = new Logger(ApprovalService.name);

  constructor(
    private readonly repo: GateRepository,
    private readonly deployments: DeploymentRepository,
    private readonly versions: ModelVersionService,
    private readonly audit: AuditService,
    private readonly evaluations: EvaluationReader,
    private readonly baselines: MachineBaselineService,
  ) {}

  async approve(id: string, input: ApprovalInput, actor: Actor): Promise<PromotionView> {
    const p = await this.repo.promotion(id);
    if (!p) throw gateErrors.promotionNotFound(id);
    if (actor.role !== 'reliability-engineer') throw authErrors.wrongRole(actor.role, ['reliability-engineer']);
    if (p.requestedBy === actor.name) throw gateErrors.selfApproval(actor.name);
    if (p.status !== 'pending') throw gateErrors.notPending(id, p.status);
    const waivers = this.checkWaivers(JSON.parse(p.ruleResults) as RuleResult[], input.waivers ?? []);
    const owner = (input.owner ?? actor.name).trim();
    if (!owner || !(await this.repo.activeUser(owner))) throw gateErrors.unknownOwner(owner);

    // Stored evidence does not change once the run finished: read the pins outside the transaction.
    const pins = p.targetStage === 'archived' ? null : await this.pinSource(p);
    const at = Date.now();
    const patch = { status: 'approved' as PromotionStatus, decidedBy: actor.name, decidedAt: at, waivers: canonicalJson(waivers), owner };
    try {
      const applied = await this.repo.transaction(async (m) => {
        if (!(await this.repo.transition(id, 'pending', patch, m))) throw gateErrors.notPending(id, (await this.repo.promotion(id, m))?.status ?? 'decided');
        // The version row is locked before any deployment row references it: inserting a row
        // with a foreign key share-locks the version, and taking the exclusive lock after that
        // would deadlock against a concurrent approval of the same version.
        const stage = await this.repo.lockVersionStage(p.modelVersionId, m);
        const change = pins ? await this.deploy(p, pins, at, m) : await this.retire(p, at, m);
        if (stage !== p.targetStage) await this.versions.changeStage(p.modelVersionId, p.targetStage, actor, `promotion ${id} approved by ${actor.name}`, m);
        const evidence = evidencePayload(p);
        await this.audit.append(
          {
            actor: actor.name,
            action: 'promotion.approved',
            subject: `promotion:${id}`,
            payload: { ...evidence, owner, waivedRules: waivers.map((w) => w.ruleId) },
          },
          m,
        );
        for (const w of waivers) {
          await this.audit.append(
            {
              actor: actor.name,
              action: 'promotion.waiver',
              subject: `promotion:${id}`,
              payload: { ...evidence, ruleId: w.ruleId, justification: w.justification },
            },
            m,
          );
        }
        await this.audit.append({ actor: actor.name, action: 'promotion.applied', subject: `promotion:${id}`, payload: { ...evidence, ...change, owner } }, m);
        await enqueueWebhookEvent(m, 'promotion.approved', {
          ...evidence,
          ...change,
          owner,
          approvedBy: actor.name,
          waivedRules: waivers.map((w) => w.ruleId),
        });
        return change;
      });
      this.logger.log({ msg: 'promotion approved', promotionId: id, ...applied });
    } catch (error) {
      if (isUniqueViolation(error) || isLockConflict(error)) throw gateErrors.deploymentConflict(id);
      throw error;
    }
    return promotionView({ ...p, ...patch });
  }

  /**
   * Restores what the promotion replaced on its scope: its rows go out of service, the rows
   * it superseded come back. Refused (409, naming the later promotion) while a later
   * promotion has superseded it on any machine — including one that kept the same version
   * there (approval re-issues those rows, see `deploy`) — so a rollback never undoes a later
   * decision and history unwinds in order. The promotion's active rows are locked in
   * machine order before that check (the approval's lock order), so a concurrent approval
   * over the same machines either commits first and is seen, or waits for the rollback.
   */
  async rollback(id: string, actor: Actor): Promise<PromotionView> {
    const p = await this.repo.promotion(id);
    if (!p) throw gateErrors.promotionNotFound(id);
    if (p.status !== 'approved') throw gateErrors.notRollbackable(`promotion ${id} is ${p.status}; only an approved promotion can be rolled back`);
    const at = Date.now();
    const patch = { status: 'rolled-back' as PromotionStatus, rolledBackBy: actor.name, rolledBackAt: at };
    try {
      await this.repo.transaction(async (m) => {
        if (!(await this.repo.transition(id, 'approved', patch, m))) throw gateErrors.notRollbackable(`promotion ${id} is no longer approved`);
        const stage = await this.repo.lockVersionStage(p.modelVersionId, m);
        if (p.targetStage !== 'archived') {
          const scope = JSON.parse(p.scope) as StoredScope;
          await this.deployments.lockActive(
            p.modelId,
            scope.machines.map((x) => x.id),
            p.targetStage,
            m,
          );
        }
        const later = await this.deployments.supersededLater(id, m);
        if (later.length) {
          const by = [...new Set(later.map((d) => d.supersededBy))].sort().join(', ');
          throw gateErrors.notRollbackable(
            `promotion ${by} has since been approved for ${later.length} machine(s) of this one; rolling this back would undo it — roll that back first`,
          );
        }
        const mine = (await this.deployments.ofPromotion(id, m)).filter((d) => d.active);
        await this.deployments.deactivate(
          mine.map((d) => d.id),
          at,
          null,
          m,
        );
        const restored = await this.deployments.supersededBy(id, m);
        await this.deployments.reactivate(
          restored.map((d) => d.id),
          m,
        );
        const resuspended = await this.suspendMissedResets(restored, at, m);
        // The version goes back to its earlier stage once nothing serves it at the promoted one.
        const stillServing = p.targetStage === 'archived' ? 0 : await this.deployments.countActive(p.modelVersionId, p.targetStage, m);
        if (stillServing === 0 && stage !== p.fromStage)
          await this.versions.changeStage(p.modelVersionId, p.fromStage as Stage, actor, `rollback of promotion ${id}`, m);
        await this.audit.append(
          {
            actor: actor.name,
            action: 'promotion.rolled-back',
            subject: `promotion:${id}`,
            payload: {
              ...evidencePayload(p),
              deactivated: mine.length,
              restored: restored.length,
              restoredVersions: [...new Set(restored.map((d) => d.modelVersionId))].sort(),
              ...(resuspended ? { restoredSuspended: resuspended } : {}),
            },
          },
          m,
        );
        await enqueueWebhookEvent(m, 'promotion.rolled-back', {
          ...evidencePayload(p),
          deactivated: mine.length,
          restored: restored.length,
          restoredVersions: [...new Set(restored.map((d) => d.modelVersionId))].sort(),
          rolledBackBy: actor.name,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error) || isLockConflict(error)) throw gateErrors.deploymentConflict(id);
      throw error;
    }
    return promotionView({ ...p, ...patch });
  }

  /** Every blocking rule needs a waiver with a written justification; a waiver must name a blocking rule. */
  private checkWaivers(results: RuleResult[], waivers: Waiver[]): Waiver[] {
    const byId = new Map(results.map((r) => [r.id, r]));
    const seen = new Set<string>();
    const out: Waiver[] = [];
    waivers.forEach((w, i) => {
      const rule = byId.get(w.ruleId);
      if (!rule)
        throw gateErrors.waiverInvalid(`waiver for unknown rule "${w.ruleId}" (rules: ${[...byId.keys()].join(', ') || 'none'})`, `waivers[${i}].ruleId`);
      if (rule.outcome === 'pass')
        throw gateErrors.waiverInvalid(`rule ${w.ruleId} passed; only a failing or insufficient-evidence rule can be waived`, `waivers[${i}].ruleId`);
      if (seen.has(w.ruleId)) throw gateErrors.waiverInvalid(`rule ${w.ruleId} is waived twice`, `waivers[${i}].ruleId`);
      const justification = typeof w.justification === 'string' ? w.justification.trim() : '';
      if (!justification) throw gateErrors.waiverInvalid(`the waiver of rule ${w.ruleId} needs a written justification`, `waivers[${i}].justification`);
      seen.add(w.ruleId);
      out.push({ ruleId: w.ruleId, justification });
    });
    // An advisory rule never needs a waiver (one given is recorded all the same).
    const missing = results.filter((r) => r.outcome !== 'pass' && !r.advisory && !seen.has(r.id));
    if (missing.length) throw gateErrors.blockingRules(missing);
    return out;
  }

  /**
   * A restored production row was out of service when its machine got a newer baseline, so the
   * reset did not suspend it: it comes back suspended. Returns how many.
   */
  private async suspendMissedResets(restored: DeploymentEntity[], at: number, m: EntityManager): Promise<number> {
    const production = restored.filter((d) => d.stage === 'production');
    if (!production.length) return 0;
    // No machine lock here (it would come after the deployment rows, against a reset's order): a
    // reset in progress waits for this rollback's row locks and then suspends the restored rows itself.
    const latest = await this.baselines.latestExplicitOf(
      production.map((d) => d.machineId),
      m,
    );
    let count = 0;
    for (const d of production) {
      const b = latest.get(d.machineId);
      if (!b || b.createdAt <= d.createdAt || d.suspendedAt !== null) continue;
      await this.deployments.suspend(d.id, at, baselineResetReason(b, b.createdBy), m);
      count++;
    }
    return count;
  }

  /** Each evaluated machine's pin from the evidence run, and the version's own threshold for the rest. */
  private async pinSource(p: PromotionEntity): Promise<PinSource> {
    const runId = p.evidenceRunId!;
    const [run, results, version] = await Promise.all([
      this.evaluations.run(runId),
      this.evaluations.machineResults(runId),
      this.repo.version(p.modelVersionId),
    ]);
    const versionThreshold = manifestThreshold(version?.version.manifest);
    const evaluated = new Map(results.filter((r) => r.status === 'done').map((r) => [r.machineId, deploymentPin(r.assessment, versionThreshold)]));
    return { runId, runCreatedAt: run?.createdAt ?? 0, evaluated, versionThreshold };
  }

  /**
   * The version now serves the scope's machines at the target stage, superseding what served them there.
   * Each row pins the baseline and threshold of its machine's result in the evidence run. A
   * production row of a machine given a new baseline after that evidence (or not evaluated by
   * it) is written suspended: only a re-evaluation lets it serve.
   */
  private async deploy(p: PromotionEntity, pins: PinSource, at: number, m: EntityManager): Promise<Record<string, unknown>> {
    const scope = JSON.parse(p.scope) as StoredScope;
    const machineIds = scope.machines.map((x) => x.id);
    const stage = p.targetStage as DeploymentEntity['stage'];
    // The machines' newest baselines, their rows share-locked before any deployment row (the
    // order a baseline reset takes them too): a reset either committed first and is seen here,
    // or waits until this approval commits and then suspends the rows written below.
    const latest = stage === 'production' ? await this.baselines.latestExplicitOf(machineIds, m, true) : new Map<string, LatestBaseline>();
    const current = await this.deployments.lockActive(p.modelId, machineIds, stage, m);
    // Machines this version already serves at this stage keep the version, but the row is
    // re-issued under this promotion (the old one superseded by it): the deployments then
    // record that this decision now holds those machines, so rolling back the earlier
    // promotion cannot take them away from this one (it is refused until this one is rolled back).
    const kept = new Set(current.filter((d) => d.modelVersionId === p.modelVersionId).map((d) => d.machineId));
    const replaced = current.filter((d) => d.modelVersionId !== p.modelVersionId);
    await this.deployments.deactivate(
      current.map((d) => d.id),
      at,
      p.id,
      m,
    );
    const fresh = machineIds.map((machineId) => {
      const pin = pins.evaluated.get(machineId) ?? deploymentPin(null, pins.versionThreshold);
      const suspendedReason = suspensionAfterApproval(latest.get(machineId), {
        runId: pins.runId,
        runCreatedAt: pins.runCreatedAt,
        evaluated: pins.evaluated.has(machineId),
        pin,
      });
      return Object.assign(new DeploymentEntity(), {
        id: randomUUID(),
        modelId: p.modelId,
        machineId,
        modelVersionId: p.modelVersionId,
        stage,
        promotionId: p.id,
        evidenceRunId: p.evidenceRunId!,
        active: true,
        createdAt: at,
        supersededAt: null,
        supersededBy: null,
        baseline: encodePinnedBaseline(pin.baseline),
        threshold: pin.threshold,
        thresholdMode: pin.thresholdMode,
        suspendedAt: suspendedReason ? at : null,
        suspendedReason,
      });
    });
    await this.deployments.insert(fresh, m);
    return {
      stage,
      deployed: fresh.length - kept.size,
      alreadyServing: kept.size,
      superseded: replaced.length,
      supersededVersions: [...new Set(replaced.map((d) => d.modelVersionId))].sort(),
      perMachineThresholds: fresh.filter((d) => d.thresholdMode === 'per-machine').length,
      suspended: fresh.filter((d) => d.suspendedAt !== null).length,
    };
  }

  /** Archiving takes the version out of service everywhere. */
  private async retire(p: PromotionEntity, at: number, m: EntityManager): Promise<Record<string, unknown>> {
    const active = await this.deployments.lockActiveOfVersion(p.modelVersionId, m);
    await this.deployments.deactivate(
      active.map((d) => d.id),
      at,
      p.id,
      m,
    );
    return { stage: 'archived', retired: active.length };
  }
}
