import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { MachineEntity } from '../machine/machine.entity';
import { MachineBaselineEntity } from './machine-baseline.entity';

const CHUNK = 400;

/** The explicit baselines' queries; `m` is the caller's transaction when there is one. */
@Injectable()
export class MachineBaselineRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  /**
   * Locks the machine row (PostgreSQL) so two writers of the same machine's baselines queue;
   * SQLite writers are serialised anyway. `FOR NO KEY UPDATE`: it does not block (nor wait for)
   * inserts elsewhere that reference the machine (a deployment row's foreign key share-locks it).
   */
  async lockMachine(machineId: string, m: EntityManager): Promise<void> {
    const qb = m.getRepository(MachineEntity).createQueryBuilder('x').select(['x.id']).where('x.id = :machineId', { machineId });
    if (m.connection.options.type === 'postgres') qb.setLock('for_no_key_update');
    await qb.getOne();
  }

  /**
   * Share-locks machine rows (PostgreSQL) in id order: a writer of their baselines (which takes
   * `lockMachine`) waits until the caller commits, and the caller waits for one in progress.
   */
  async shareLockMachines(machineIds: string[], m: EntityManager): Promise<void> {
    if (m.connection.options.type !== 'postgres') return;
    const ids = [...new Set(machineIds)].sort();
    for (let i = 0; i < ids.length; i += CHUNK) {
      await m
        .getRepository(MachineEntity)
        .createQueryBuilder('x')
        .select(['x.id'])
        .where('x.id IN (:...part)', { part: ids.slice(i, i + CHUNK) })
        .orderBy('x.id', 'ASC')
        .setLock('pessimistic_read')
        .getMany();
    }
  }

  async maxVersion(machineId: string, m: EntityManager): Promise<number> {
    const row = await m
      .getRepository(MachineBaselineEntity)
      .createQueryBuilder('b')
      .select('MAX(b.version)', 'max')
      .where('b.machine_id = :machineId', { machineId })
      .getRawOne<{ max: number | string | null }>();
    return row?.max === null || row?.max === undefined ? 0 : Number(row.max);
  }

  async insert(row: MachineBaselineEntity, m: EntityManager): Promise<void> {
    await m.getRepository(MachineBaselineEntity).insert(row);
  }

  /** Oldest version first. */
  list(machineId: string): Promise<MachineBaselineEntity[]> {
    return this.dataSource.getRepository(MachineBaselineEntity).find({ where: { machineId }, order: { version: 'ASC' } });
  }

  latest(machineId: string, m: EntityManager = this.dataSource.manager): Promise<MachineBaselineEntity | null> {
    return m.getRepository(MachineBaselineEntity).findOne({ where: { machineId }, order: { version: 'DESC' } });
  }

  /** The newest version of each of these machines that has one. */
  async latestOf(machineIds: string[], m: EntityManager = this.dataSource.manager): Promise<MachineBaselineEntity[]> {
    const newest = new Map<string, MachineBaselineEntity>();
    const ids = [...new Set(machineIds)];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await m.getRepository(MachineBaselineEntity).find({ where: { machineId: In(ids.slice(i, i + CHUNK)) } });
      for (const r of rows) if ((newest.get(r.machineId)?.version ?? 0) < r.version) newest.set(r.machineId, r);
    }
    return [...newest.values()];
  }
}
