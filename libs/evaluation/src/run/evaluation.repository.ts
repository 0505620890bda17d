import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { EvaluationRunEntity, RunStatus } from './evaluation-run.entity';
import { MachineEvaluationEntity, MachineResultStatus } from './machine-evaluation.entity';

export interface RunProgress {
  total: number;
  done: number;
  failed: number;
}

const PENDING_BATCH = 500;
const LIST_COLUMNS: Array<keyof EvaluationRunEntity> = [
  'id',
  'modelVersionId',
  'status',
  'total',
  'createdAt',
  'finishedAt',
  'createdBy',
  'fromMs',
  'toMs',
  'reportHash',
  'selection',
  'mappingVersion',
  'idempotencyKey',
  'thresholds',
];

/** Every query of evaluation runs and their per-machine results; the only code that touches those two tables. */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(fn);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** The run and one pending row per machine, so a job lost for good still shows up in the report. */
  async insertRun(run: EvaluationRunEntity, machines: ReadonlyArray<{ id: string; assetId: string }>, manager: EntityManager): Promise<void> {
    await manager.getRepository(EvaluationRunEntity).insert(run);
    const now = Date.now();
    const pending = machines.map((x) => ({
      runId: run.id,
      machineId: x.id,
      assetId: x.assetId,
      status: 'pending' as const,
      verdict: null,
      result: null,
      error: null,
      attempts: 0,
      updatedAt: now,
    }));
    for (let i = 0; i < pending.length; i += PENDING_BATCH) await manager.getRepository(MachineEvaluationEntity).insert(pending.slice(i, i + PENDING_BATCH));
  }

  run(id: string): Promise<EvaluationRunEntity | null> {
    return this.dataSource.getRepository(EvaluationRunEntity).findOne({ where: { id } });
  }

  runsByIds(ids: string[]): Promise<EvaluationRunEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.getRepository(EvaluationRunEntity).find({ where: { id: In(ids) }, order: { createdAt: 'ASC' } });
  }

  /** Newest first, without the report text. */
  listRuns(limit: number): Promise<EvaluationRunEntity[]> {
    return this.dataSource.getRepository(EvaluationRunEntity).find({ order: { createdAt: 'DESC' }, take: limit, select: LIST_COLUMNS });
  }

  /** queued → running, once (a no-op for a run in any other status). */
  async markRunning(id: string): Promise<void> {
    await this.dataSource.getRepository(EvaluationRunEntity).update({ id, status: 'queued' }, { status: 'running' });
  }

  async finishRun(id: string, patch: { status: RunStatus; report?: string; reportHash?: string; finishedAt: number }, manager?: EntityManager): Promise<void> {
    await this.m(manager).getRepository(EvaluationRunEntity).update({ id }, patch);
  }

  /** Runs the reconciler looks after: queued or running, oldest first. */
  unfinishedRuns(): Promise<EvaluationRunEntity[]> {
    return this.dataSource
      .getRepository(EvaluationRunEntity)
      .find({ where: { status: In(['queued', 'running']) }, order: { createdAt: 'ASC' }, select: LIST_COLUMNS });
  }

  /** The machines of a run without a result yet, by asset id. */
  async pendingMachines(runId: string): Promise<Array<{ machineId: string; assetId: string }>> {
    const rows = await this.dataSource
      .getRepository(MachineEvaluationEntity)
      .find({ where: { runId, status: 'pending' }, order: { assetId: 'ASC' }, select: ['machineId', 'assetId'] });
    return rows.map((r) => ({ machineId: r.machineId, assetId: r.assetId }));
  }

  /** The run a user already started with this Idempotency-Key, if any. */
  runByIdempotencyKey(createdBy: string, key: string): Promise<EvaluationRunEntity | null> {
    return this.dataSource.getRepository(EvaluationRunEntity).findOne({ where: { createdBy, idempotencyKey: key } });
  }

  /** Done / failed / total; once a run has finished, every machine without a result counts as failed. */
  async progress(run: Pick<EvaluationRunEntity, 'id' | 'total'> & { status?: RunStatus }): Promise<RunProgress> {
    const counts = await this.dataSource
      .getRepository(MachineEvaluationEntity)
      .createQueryBuilder('r')
      .select('r.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('r.run_id = :id', { id: run.id })
      .groupBy('r.status')
      .getRawMany<{ status: string; n: string }>();
    const of = (s: MachineResultStatus) => Number(counts.find((c) => c.status === s)?.n ?? 0);
    const done = of('done');
    const finished = run.status === 'completed' || run.status === 'partial' || run.status === 'failed';
    return { total: run.total, done, failed: finished ? run.total - done : of('failed') };
  }

  /** A page of a run's results, by asset id. */
  async resultsPage(runId: string, offset: number, limit: number): Promise<{ total: number; items: MachineEvaluationEntity[] }> {
    const [items, total] = await this.dataSource
      .getRepository(MachineEvaluationEntity)
      .findAndCount({ where: { runId }, order: { assetId: 'ASC' }, skip: offset, take: limit });
    return { total, items };
  }

  /** Newest first, without the report text, among the given runs (a site-limited list). */
  async listRunsAmong(ids: string[], limit: number): Promise<EvaluationRunEntity[]> {
    const found: EvaluationRunEntity[] = [];
    for (let i = 0; i < ids.length; i += PENDING_BATCH)
      found.push(
        ...(await this.dataSource.getRepository(EvaluationRunEntity).find({ where: { id: In(ids.slice(i, i + PENDING_BATCH)) }, select: LIST_COLUMNS })),
      );
    return found.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  /** The runs that include any of these machines. */
  async runIdsWithMachines(machineIds: string[]): Promise<string[]> {
    const ids = new Set<string>();
    for (let i = 0; i < machineIds.length; i += PENDING_BATCH) {
      const rows = await this.dataSource
        .getRepository(MachineEvaluationEntity)
        .createQueryBuilder('r')
        .select('DISTINCT r.run_id', 'runId')
        .where('r.machine_id IN (:...ids)', { ids: machineIds.slice(i, i + PENDING_BATCH) })
        .getRawMany<{ runId: string }>();
      rows.forEach((r) => ids.add(r.runId));
    }
    return [...ids];
  }

  /** Machine, asset id and status of every result of a run, by asset id (no result text). */
  resultKeys(runId: string): Promise<Array<Pick<MachineEvaluationEntity, 'machineId' | 'assetId' | 'status'>>> {
    return this.dataSource
      .getRepository(MachineEvaluationEntity)
      .find({ where: { runId }, select: ['machineId', 'assetId', 'status'], order: { assetId: 'ASC' } });
  }

  /** The results of a run for these machines, by asset id. */
  resultsOfMachines(runId: string, machineIds: string[]): Promise<MachineEvaluationEntity[]> {
    if (!machineIds.length) return Promise.resolve([]);
    return this.dataSource.getRepository(MachineEvaluationEntity).find({ where: { runId, machineId: In(machineIds) }, order: { assetId: 'ASC' } });
  }

  /** Every result of a run, by asset id (the aggregation's fixed order). */
  results(runId: string): Promise<MachineEvaluationEntity[]> {
    return this.dataSource.getRepository(MachineEvaluationEntity).find({ where: { runId }, order: { assetId: 'ASC' } });
  }

  /** Keyed by (run, machine): a replayed job overwrites, never duplicates. */
  async upsertResult(row: Omit<MachineEvaluationEntity, 'run'>): Promise<void> {
    await this.dataSource.getRepository(MachineEvaluationEntity).upsert(row, ['runId', 'machineId']);
  }
}
