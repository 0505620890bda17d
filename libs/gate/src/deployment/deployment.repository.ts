import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { DeploymentEntity } from './deployment.entity';

const CHUNK = 400;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Deployment rows. Writers lock and insert in machine-id order, so two approvals over
 * overlapping machines wait for each other in the same order and never deadlock; the
 * unique partial index decides the race and the loser's insert fails.
 */
@Injectable()
export class DeploymentRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Active rows of one model at one stage on these machines, locked (PostgreSQL) in machine order. */
  async lockActive(modelId: string, machineIds: string[], stage: string, m: EntityManager): Promise<DeploymentEntity[]> {
    const out: DeploymentEntity[] = [];
    for (const part of chunks([...machineIds].sort())) {
      const qb = m
        .getRepository(DeploymentEntity)
        .createQueryBuilder('d')
        .where('d.model_id = :modelId', { modelId })
        .andWhere('d.machine_id IN (:...part)', { part })
        .andWhere('d.stage = :stage', { stage })
        .andWhere('d.active = :active', { active: true })
        .orderBy('d.machine_id', 'ASC');
      if (m.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
      out.push(...(await qb.getMany()));
    }
    return out;
  }

  /** Active rows of one version (any stage), locked on PostgreSQL. */
  async lockActiveOfVersion(modelVersionId: string, m: EntityManager): Promise<DeploymentEntity[]> {
    const qb = m
      .getRepository(DeploymentEntity)
      .createQueryBuilder('d')
      .where('d.model_version_id = :modelVersionId', { modelVersionId })
      .andWhere('d.active = :active', { active: true })
      .orderBy('d.machine_id', 'ASC');
    if (m.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  async deactivate(ids: string[], at: number, supersededBy: string | null, m: EntityManager): Promise<void> {
    for (const part of chunks(ids)) await m.getRepository(DeploymentEntity).update({ id: In(part) }, { active: false, supersededAt: at, supersededBy });
  }

  /**
   * Suspends every active production row of a machine and returns them (a row suspended by an
   * earlier reset now names the newest one). The rows are locked first (machine-id order is trivially kept: one machine), then
   * updated by a second statement: one that waited for a concurrent approval sees the rows that
   * approval inserted, so a baseline set while a promotion commits suspends its rows too.
   */
  async suspendActiveProduction(machineId: string, at: number, reason: string, m: EntityManager): Promise<DeploymentEntity[]> {
    const qb = m
      .getRepository(DeploymentEntity)
      .createQueryBuilder('d')
      .where('d.machine_id = :machineId', { machineId })
      .andWhere('d.stage = :stage', { stage: 'production' })
      .andWhere('d.active = :active', { active: true })
      .orderBy('d.model_id', 'ASC');
    if (m.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
    await qb.getMany();
    const rows = await m.getRepository(DeploymentEntity).find({
      where: { machineId, stage: 'production', active: true },
      order: { modelId: 'ASC' },
    });
    for (const part of chunks(rows.map((d) => d.id))) {
      await m.getRepository(DeploymentEntity).update({ id: In(part) }, { suspendedAt: at, suspendedReason: reason, suspensionKind: 'baseline' });
    }
    return rows.map((d) => Object.assign(d, { suspendedAt: at, suspendedReason: reason, suspensionKind: 'baseline' as const }));
  }

  async suspend(id: string, at: number, reason: string, m: EntityManager): Promise<void> {
    await m.getRepository(DeploymentEntity).update({ id }, { suspendedAt: at, suspendedReason: reason, suspensionKind: 'baseline' });
  }

  /**
   * Guards and silence: sets (or clears, with `null`) a row's suspension, only while it is still
   * active and its suspension is the one the caller saw (`expectKind`): a rollback or another
   * worker that changed the row first wins, and this returns false.
   */
  async setSuspension(
    id: string,
    expectKind: DeploymentEntity['suspensionKind'],
    change: Pick<DeploymentEntity, 'suspendedAt' | 'suspendedReason' | 'suspensionKind' | 'guardRule' | 'guardValue' | 'guardLimit' | 'fallbackDeploymentId'> &
      Partial<Pick<DeploymentEntity, 'reinstatedNote' | 'reinstatedAt'>>,
    m: EntityManager,
  ): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .update(DeploymentEntity)
      .set(change)
      .where('id = :id', { id })
      .andWhere('active = :active', { active: true })
      .andWhere(expectKind === null ? 'suspension_kind IS NULL' : 'suspension_kind = :kind', { kind: expectKind })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  byId(id: string, m?: EntityManager): Promise<DeploymentEntity | null> {
    return (m ?? this.dataSource.manager).getRepository(DeploymentEntity).findOne({ where: { id } });
  }

  /** The row a promotion superseded for this model and machine: what a demotion falls back to. */
  previousOf(d: DeploymentEntity, m?: EntityManager): Promise<DeploymentEntity | null> {
    return (m ?? this.dataSource.manager)
      .getRepository(DeploymentEntity)
      .findOne({ where: { modelId: d.modelId, machineId: d.machineId, stage: 'production', supersededBy: d.promotionId, active: false } });
  }

  async reactivate(ids: string[], m: EntityManager): Promise<void> {
    for (const part of chunks(ids)) await m.getRepository(DeploymentEntity).update({ id: In(part) }, { active: true, supersededAt: null, supersededBy: null });
  }

  /** Inserts in machine order (see the class comment). */
  async insert(rows: DeploymentEntity[], m: EntityManager): Promise<void> {
    const sorted = [...rows].sort((a, b) => (a.machineId < b.machineId ? -1 : a.machineId > b.machineId ? 1 : 0));
    for (const part of chunks(sorted)) await m.createQueryBuilder().insert().into(DeploymentEntity).values(part).execute();
  }

  ofPromotion(promotionId: string, m: EntityManager): Promise<DeploymentEntity[]> {
    return m.getRepository(DeploymentEntity).find({ where: { promotionId }, order: { machineId: 'ASC' } });
  }

  supersededBy(promotionId: string, m: EntityManager): Promise<DeploymentEntity[]> {
    return m.getRepository(DeploymentEntity).find({ where: { supersededBy: promotionId }, order: { machineId: 'ASC' } });
  }

  /** Rows this promotion put in place that a later promotion has since superseded. */
  supersededLater(promotionId: string, m: EntityManager): Promise<DeploymentEntity[]> {
    return m.getRepository(DeploymentEntity).find({ where: { promotionId, supersededBy: Not(IsNull()) } });
  }

  countActive(modelVersionId: string, stage: string, m: EntityManager): Promise<number> {
    return m.getRepository(DeploymentEntity).count({ where: { modelVersionId, stage: stage as DeploymentEntity['stage'], active: true } });
  }

  activeProduction(): Promise<DeploymentEntity[]> {
    return this.dataSource.getRepository(DeploymentEntity).find({ where: { stage: 'production', active: true } });
  }

  /** Every row (active or not) of these models, for the consistency check. */
  async ofModels(modelIds: string[]): Promise<DeploymentEntity[]> {
    const out: DeploymentEntity[] = [];
    for (const part of chunks(modelIds)) out.push(...(await this.dataSource.getRepository(DeploymentEntity).find({ where: { modelId: In(part) } })));
    return out;
  }

  /** Every row that ever served on these machines at production, for tests and history. */
  async forMachines(machineIds: string[]): Promise<DeploymentEntity[]> {
    const out: DeploymentEntity[] = [];
    for (const part of chunks(machineIds)) out.push(...(await this.dataSource.getRepository(DeploymentEntity).find({ where: { machineId: In(part) } })));
    return out;
  }
}
