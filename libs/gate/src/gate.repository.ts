import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In, IsNull } from 'typeorm';
import { AuditEventEntity } from '@fleetgate/audit';
import { UserEntity } from '@fleetgate/auth';
import { ModelEntity, ModelVersionEntity, versionLabels } from '@fleetgate/registry';
import { GatePolicyEntity } from './policy/gate-policy.entity';
import { PromotionEntity, PromotionStatus } from './promotion/promotion.entity';
import { ShadowCount, ShadowRecord } from './promotion/shadow-evidence.util';

const CHUNK = 400;

/** The gate's queries (policies, promotions) and its reads of the registry, users and audit events. */
@Injectable()
export class GateRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  // Policies

  latestPolicy(name: string, manager?: EntityManager): Promise<GatePolicyEntity | null> {
    return this.m(manager)
      .getRepository(GatePolicyEntity)
      .findOne({ where: { name }, order: { version: 'DESC' } });
  }

  latestApprovedPolicy(name: string): Promise<GatePolicyEntity | null> {
    return this.dataSource.getRepository(GatePolicyEntity).findOne({ where: { name, status: 'approved' }, order: { version: 'DESC' } });
  }

  policyVersion(name: string, version: number, manager?: EntityManager): Promise<GatePolicyEntity | null> {
    return this.m(manager).getRepository(GatePolicyEntity).findOne({ where: { name, version } });
  }

  /** Marks a proposed version approved; false when it was not proposed any more (a racing approver won). */
  async approvePolicy(name: string, version: number, approvedBy: string, approvedAt: number, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(GatePolicyEntity)
      .set({ status: 'approved', approvedBy, approvedAt })
      .where('name = :name AND version = :version AND status = :proposed', { name, version, proposed: 'proposed' })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  policies(): Promise<GatePolicyEntity[]> {
    return this.dataSource.getRepository(GatePolicyEntity).find({ order: { name: 'ASC', version: 'ASC' } });
  }

  insertPolicy(policy: GatePolicyEntity, manager: EntityManager): Promise<unknown> {
    return manager.getRepository(GatePolicyEntity).insert(policy);
  }

  // Promotions

  insertPromotion(p: PromotionEntity, manager: EntityManager): Promise<unknown> {
    return manager.getRepository(PromotionEntity).insert(p);
  }

  promotion(id: string, manager?: EntityManager): Promise<PromotionEntity | null> {
    return this.m(manager).getRepository(PromotionEntity).findOne({ where: { id } });
  }

  promotions(filter: { status?: PromotionStatus; modelVersionId?: string; limit?: number }): Promise<PromotionEntity[]> {
    const where: FindOptionsWhere<PromotionEntity> = {};
    if (filter.status) where.status = filter.status;
    if (filter.modelVersionId) where.modelVersionId = filter.modelVersionId;
    return this.dataSource.getRepository(PromotionEntity).find({ where, order: { requestedAt: 'DESC', id: 'ASC' }, take: filter.limit ?? 100 });
  }

  promotionsOfVersion(modelVersionId: string): Promise<PromotionEntity[]> {
    return this.dataSource.getRepository(PromotionEntity).find({ where: { modelVersionId }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }

  /** Every approved or rolled-back promotion (the ones that wrote deployments), oldest decision first. */
  decidedPromotions(): Promise<PromotionEntity[]> {
    return this.dataSource.getRepository(PromotionEntity).find({ where: { status: In(['approved', 'rolled-back']) }, order: { decidedAt: 'ASC', id: 'ASC' } });
  }

  promotionsByIds(ids: string[]): Promise<PromotionEntity[]> {
    return ids.length ? this.dataSource.getRepository(PromotionEntity).find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /**
   * Moves a promotion out of `from` only if it is still there: the row lock makes a second
   * concurrent decision wait, then find nothing to update. Returns whether it moved.
   */
  async transition(id: string, from: PromotionStatus, patch: Partial<PromotionEntity>, manager: EntityManager): Promise<boolean> {
    const result = await manager.getRepository(PromotionEntity).update({ id, status: from }, patch);
    return (result.affected ?? 0) > 0;
  }

  // Registry reads (evaluation runs and results come through the evaluation's EvaluationReader)

  async version(id: string, manager?: EntityManager): Promise<{ model: ModelEntity; version: ModelVersionEntity } | null> {
    const version = await this.m(manager).getRepository(ModelVersionEntity).findOne({ where: { id } });
    if (!version) return null;
    const model = await this.m(manager)
      .getRepository(ModelEntity)
      .findOne({ where: { id: version.modelId } });
    return model ? { model, version } : null;
  }

  /** The version's current stage, read under a row lock on PostgreSQL (SQLite writers are serialised anyway). */
  async lockVersionStage(id: string, manager: EntityManager): Promise<string> {
    const qb = manager.getRepository(ModelVersionEntity).createQueryBuilder('v').select(['v.id', 'v.stage']).where('v.id = :id', { id });
    if (this.isPostgres()) qb.setLock('pessimistic_write');
    return (await qb.getOneOrFail()).stage;
  }

  versionsByIds(ids: string[]): Promise<Array<{ id: string; version: number; model: string }>> {
    return versionLabels(this.dataSource, ids);
  }

  /** The `shadow` rule's reads: a version's shadows and, per shadow × machine, compared and agreeing windows. */
  async shadowRecords(versionId: string): Promise<{ shadows: ShadowRecord[]; counts: ShadowCount[] }> {
    const rows: Array<{ id: string; machine_ids: string; created_at: string | number; stopped_at: string | number | null }> = await this.dataSource
      .createQueryBuilder()
      .select(['s.id AS id', 's.machine_ids AS machine_ids', 's.created_at AS created_at', 's.stopped_at AS stopped_at'])
      .from('shadows', 's')
      .where('s.model_version_id = :versionId', { versionId })
      .getRawMany();
    const shadows = rows.map((r) => ({
      id: r.id,
      machineIds: JSON.parse(r.machine_ids) as string[],
      createdAt: Number(r.created_at),
      stoppedAt: r.stopped_at === null ? null : Number(r.stopped_at),
    }));
    if (!shadows.length) return { shadows, counts: [] };
    const counted: Array<{ shadow_id: string; machine_id: string; windows: string | number; agreed: string | number }> = await this.dataSource
      .createQueryBuilder()
      .select(['c.shadow_id AS shadow_id', 'c.machine_id AS machine_id', 'COUNT(*) AS windows'])
      .addSelect('SUM(CASE WHEN c.production_alarm = c.candidate_alarm THEN 1 ELSE 0 END)', 'agreed')
      .from('shadow_scores', 'c')
      .where('c.shadow_id IN (:...ids)', { ids: shadows.map((s) => s.id) })
      .groupBy('c.shadow_id')
      .addGroupBy('c.machine_id')
      .getRawMany();
    const counts = counted.map((c) => ({ shadowId: c.shadow_id, machineId: c.machine_id, windows: Number(c.windows), agreed: Number(c.agreed) }));
    return { shadows, counts };
  }

  activeUser(name: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { name, revokedAt: IsNull() } });
  }

  /** Audit events with any of these subjects, in chain order. */
  async auditEvents(subjects: string[]): Promise<AuditEventEntity[]> {
    const out: AuditEventEntity[] = [];
    const unique = [...new Set(subjects)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      out.push(...(await this.dataSource.getRepository(AuditEventEntity).find({ where: { subject: In(unique.slice(i, i + CHUNK)) } })));
    }
    return out.sort((a, b) => a.seq - b.seq);
  }
}
