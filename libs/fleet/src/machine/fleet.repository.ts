import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { And, DataSource, EntityManager, EntityTarget, FindOptionsWhere, In, LessThanOrEqual, MoreThanOrEqual, ObjectLiteral } from 'typeorm';
import { LineEntity } from '../site/line.entity';
import { SiteEntity } from '../site/site.entity';
import { MachineEntity } from './machine.entity';

/** Rows per multi-row INSERT / IN list: well under both drivers' bound-parameter limits. */
const CHUNK = 400;

export interface MachineQuery {
  /** Site names; `[]` matches nothing (a plant manager without sites). */
  sites?: string[];
  machineModels?: string[];
  assetIds?: string[];
  /** Inclusive YYYY-MM-DD bounds on the commissioning date. */
  commissionedFrom?: string;
  commissionedTo?: string;
  limit?: number;
  offset?: number;
}

/** Column → value, in the stored form (JSON columns as text, as `simple-json` writes them). */
const MACHINE_COLUMNS: Array<[string, (x: MachineEntity) => unknown]> = [
  ['id', (x) => x.id],
  ['asset_id', (x) => x.assetId],
  ['site_id', (x) => x.siteId],
  ['line_id', (x) => x.lineId],
  ['machine_model', (x) => x.machineModel],
  ['manufacturer', (x) => x.manufacturer],
  ['commissioned_at', (x) => x.commissionedAt],
  ['criticality', (x) => x.criticality],
  ['attributes', (x) => JSON.stringify(x.attributes)],
  ['raw_tags', (x) => JSON.stringify(x.rawTags)],
  ['created_at', (x) => x.createdAt],
  ['updated_at', (x) => x.updatedAt],
];

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The fleet's queries; `m` is the caller's transaction when there is one. */
@Injectable()
export class FleetRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  async existingAssetIds(assetIds: string[], m: EntityManager = this.dataSource.manager): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunks([...new Set(assetIds)])) {
      const rows = await m.getRepository(MachineEntity).find({ select: { assetId: true }, where: { assetId: In(part) } });
      for (const r of rows) found.add(r.assetId);
    }
    return found;
  }

  sitesByName(names: string[], m: EntityManager = this.dataSource.manager): Promise<SiteEntity[]> {
    return names.length ? m.getRepository(SiteEntity).find({ where: { name: In(names) } }) : Promise.resolve([]);
  }

  linesOfSites(siteIds: string[], m: EntityManager = this.dataSource.manager): Promise<LineEntity[]> {
    return siteIds.length ? m.getRepository(LineEntity).find({ where: { siteId: In(siteIds) }, order: { name: 'ASC' } }) : Promise.resolve([]);
  }

  /** Inserts, skipping rows whose unique key exists already (another writer got there first). */
  async insertIgnoring(entity: EntityTarget<ObjectLiteral>, rows: object[], m: EntityManager = this.dataSource.manager): Promise<void> {
    for (const part of chunks(rows)) await m.createQueryBuilder().insert().into(entity).values(part).orIgnore().execute();
  }

  /**
   * Multi-row INSERTs written directly: TypeORM's insert builder spends ~1 ms per machine
   * preparing values, which made a 400-machine import take half a second.
   * `ignoreExisting` skips rows whose asset id is taken (ON CONFLICT DO NOTHING / INSERT OR IGNORE).
   */
  async insertMachines(rows: MachineEntity[], m: EntityManager, ignoreExisting = false): Promise<void> {
    const pg = m.connection.options.type === 'postgres';
    const quote = (name: string) => m.connection.driver.escape(name);
    const columns = MACHINE_COLUMNS.map(([c]) => quote(c)).join(', ');
    for (const part of chunks(rows)) {
      const params: unknown[] = [];
      const tuples = part.map((row) => `(${MACHINE_COLUMNS.map(([, value]) => (params.push(value(row)), pg ? `$${params.length}` : '?')).join(', ')})`);
      const verb = ignoreExisting && !pg ? 'INSERT OR IGNORE' : 'INSERT';
      await m.query(
        `${verb} INTO ${quote('machines')} (${columns}) VALUES ${tuples.join(', ')}${ignoreExisting && pg ? ' ON CONFLICT DO NOTHING' : ''}`,
        params,
      );
    }
  }

  async machinesByAssetIds(assetIds: string[], m: EntityManager = this.dataSource.manager): Promise<MachineEntity[]> {
    const out: MachineEntity[] = [];
    for (const part of chunks([...new Set(assetIds)])) {
      out.push(...(await m.getRepository(MachineEntity).find({ where: { assetId: In(part) }, relations: { site: true, line: true } })));
    }
    return out;
  }

  /** By a unique key (id or asset id). `find`, not `findOne`: with joined relations `findOne` adds a DISTINCT query for its LIMIT. */
  async findMachine(where: FindOptionsWhere<MachineEntity>): Promise<MachineEntity | null> {
    const [machine] = await this.dataSource.getRepository(MachineEntity).find({ where, relations: { site: true, line: true } });
    return machine ?? null;
  }

  /** Machines whose id or asset id is `key` (one, in practice), in one query. */
  findMachinesByKey(key: string): Promise<MachineEntity[]> {
    return this.dataSource.getRepository(MachineEntity).find({ where: [{ id: key }, { assetId: key }], relations: { site: true, line: true } });
  }

  findMachines(q: MachineQuery): Promise<MachineEntity[]> {
    const where = this.where(q);
    if (!where) return Promise.resolve([]);
    return this.dataSource.getRepository(MachineEntity).find({
      where,
      relations: { site: true, line: true },
      order: { assetId: 'ASC' },
      ...(q.limit !== undefined ? { take: q.limit } : {}),
      ...(q.offset ? { skip: q.offset } : {}),
    });
  }

  countMachines(q: MachineQuery): Promise<number> {
    const where = this.where(q);
    return where ? this.dataSource.getRepository(MachineEntity).count({ where, relations: { site: true } }) : Promise.resolve(0);
  }

  listSites(names?: string[]): Promise<SiteEntity[]> {
    if (names && names.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(SiteEntity).find({ where: names ? { name: In(names) } : {}, order: { name: 'ASC' } });
  }

  /** Machines per site id. */
  async machineCounts(): Promise<Map<string, number>> {
    const rows: Array<{ siteId: string; n: string | number }> = await this.dataSource
      .getRepository(MachineEntity)
      .createQueryBuilder('m')
      .select('m.site_id', 'siteId')
      .addSelect('COUNT(*)', 'n')
      .groupBy('m.site_id')
      .getRawMany();
    return new Map(rows.map((r) => [r.siteId, Number(r.n)]));
  }

  /** null when a filter list is empty: nothing can match, so no query is needed. */
  private where(q: MachineQuery): FindOptionsWhere<MachineEntity> | null {
    for (const list of [q.sites, q.machineModels, q.assetIds]) if (list && list.length === 0) return null;
    const where: FindOptionsWhere<MachineEntity> = {};
    if (q.sites) where.site = { name: In(q.sites) };
    if (q.machineModels) where.machineModel = In(q.machineModels);
    if (q.assetIds) where.assetId = In(q.assetIds);
    if (q.commissionedFrom && q.commissionedTo) where.commissionedAt = And(MoreThanOrEqual(q.commissionedFrom), LessThanOrEqual(q.commissionedTo));
    else if (q.commissionedFrom) where.commissionedAt = MoreThanOrEqual(q.commissionedFrom);
    else if (q.commissionedTo) where.commissionedAt = LessThanOrEqual(q.commissionedTo);
    return where;
  }
}
