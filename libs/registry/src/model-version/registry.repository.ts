import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ModelEntity } from '../model/model.entity';
import { ModelVersionEntity } from './model-version.entity';
import { StageChangeEntity } from './stage-change.entity';

export interface ModelListRow {
  model: ModelEntity;
  versionCount: number;
  latestVersion: number | null;
}

let sqliteQueue: Promise<unknown> = Promise.resolve();

/** Every query of the registry; services pass a transaction manager when they hold one. */
@Injectable()
export class RegistryRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /**
   * On SQLite, TypeORM runs every transaction of the process on one shared connection:
   * two at once nest as savepoints, and an outer rollback silently discards the inner
   * one's "committed" rows. Registry transactions therefore queue in-process there
   * (other processes are kept out by SQLite's own file lock and busy timeout).
   */
  transaction<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres()) return this.dataSource.transaction(fn);
    const run = sqliteQueue.then(() => this.dataSource.transaction(fn));
    sqliteQueue = run.catch(() => undefined);
    return run;
  }

  isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  modelByName(name: string, manager?: EntityManager): Promise<ModelEntity | null> {
    return this.m(manager).getRepository(ModelEntity).findOne({ where: { name } });
  }

  modelById(id: string, manager?: EntityManager): Promise<ModelEntity | null> {
    return this.m(manager).getRepository(ModelEntity).findOne({ where: { id } });
  }

  async listModels(): Promise<ModelListRow[]> {
    const models = await this.dataSource.getRepository(ModelEntity).find({ order: { name: 'ASC' } });
    const stats: Array<{ modelId: string; n: string | number; latest: string | number | null }> = await this.dataSource
      .getRepository(ModelVersionEntity)
      .createQueryBuilder('v')
      .select('v.model_id', 'modelId')
      .addSelect('COUNT(*)', 'n')
      .addSelect('MAX(v.version)', 'latest')
      .groupBy('v.model_id')
      .getRawMany();
    const byModel = new Map(stats.map((s) => [s.modelId, s]));
    return models.map((model) => {
      const s = byModel.get(model.id);
      return { model, versionCount: s ? Number(s.n) : 0, latestVersion: s?.latest != null ? Number(s.latest) : null };
    });
  }

  versionsOf(modelId: string): Promise<ModelVersionEntity[]> {
    return this.dataSource.getRepository(ModelVersionEntity).find({ where: { modelId }, order: { version: 'ASC' } });
  }

  versionByNumber(modelId: string, version: number, manager?: EntityManager): Promise<ModelVersionEntity | null> {
    return this.m(manager).getRepository(ModelVersionEntity).findOne({ where: { modelId, version } });
  }

  /** Reads the row for update (a row lock on PostgreSQL; SQLite serialises writers anyway). */
  versionById(id: string, manager?: EntityManager, forUpdate = false): Promise<ModelVersionEntity | null> {
    const qb = this.m(manager).getRepository(ModelVersionEntity).createQueryBuilder('v').where('v.id = :id', { id });
    if (forUpdate && this.isPostgres()) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** An identical version (same bytes and same manifest text) of this model, if any. */
  sameContent(modelId: string, sha256: string, manifestSha256: string, manager?: EntityManager): Promise<ModelVersionEntity | null> {
    return this.m(manager)
      .getRepository(ModelVersionEntity)
      .findOne({ where: { modelId, sha256, manifestSha256 }, order: { version: 'ASC' } });
  }

  async maxVersion(modelId: string, manager?: EntityManager): Promise<number> {
    const row: { max: string | number | null } | undefined = await this.m(manager)
      .getRepository(ModelVersionEntity)
      .createQueryBuilder('v')
      .select('MAX(v.version)', 'max')
      .where('v.model_id = :modelId', { modelId })
      .getRawOne();
    return row?.max != null ? Number(row.max) : 0;
  }

  async countBySha256(sha256: string): Promise<number> {
    return this.dataSource.getRepository(ModelVersionEntity).count({ where: { sha256 } });
  }

  insertModel(model: ModelEntity, manager: EntityManager): Promise<unknown> {
    return manager.getRepository(ModelEntity).insert(model);
  }

  insertVersion(version: ModelVersionEntity, manager: EntityManager): Promise<unknown> {
    return manager.getRepository(ModelVersionEntity).insert(version);
  }

  updateStage(id: string, stage: string, manager: EntityManager): Promise<unknown> {
    return manager.getRepository(ModelVersionEntity).update({ id }, { stage: stage as ModelVersionEntity['stage'] });
  }

  insertStageChange(change: StageChangeEntity, manager: EntityManager): Promise<unknown> {
    return manager.getRepository(StageChangeEntity).insert(change);
  }

  history(versionId: string, manager?: EntityManager): Promise<StageChangeEntity[]> {
    return this.m(manager)
      .getRepository(StageChangeEntity)
      .createQueryBuilder('c')
      .where('c.version_id = :versionId', { versionId })
      .orderBy('c.at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }
}
