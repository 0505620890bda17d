import { InjectFlowProducer } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FlowProducer } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuditService } from '@fleetgate/audit';
import { Actor, parseDuration, parseIsoTime } from '@fleetgate/common';
import { FleetService, TagMappingService } from '@fleetgate/fleet';
import { EVALUATION_QUEUE, jobId, JobName } from '@fleetgate/queue';
import { TelemetryService } from '@fleetgate/telemetry';
import { EvaluationRunEntity, FleetSelection } from './evaluation-run.entity';
import { EvaluationErrorCode, EvaluationException } from './evaluation.exception';
import { MachineEvaluationEntity } from './machine-evaluation.entity';
import { ModelLoader } from './model-loader';

export interface StartRunInput {
  modelVersionId: string;
  selection: FleetSelection;
  from?: string;
  to?: string;
  /** e.g. '90d': the last 90 days of the selected machines' data. */
  window?: string;
  ageBands?: number[];
}

export interface RunProgress {
  total: number;
  done: number;
  failed: number;
}

/** Retries with exponential backoff; a child that fails for good does not hold its parent. */
export const MACHINE_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  ignoreDependencyOnFailure: true,
  removeOnComplete: 1000,
  removeOnFail: 5000,
} as const;

@Injectable()
export class EvaluationRunService {
  constructor(
    @InjectRepository(EvaluationRunEntity) private readonly runs: Repository<EvaluationRunEntity>,
    @InjectRepository(MachineEvaluationEntity) private readonly results: Repository<MachineEvaluationEntity>,
    @InjectFlowProducer(EVALUATION_QUEUE) private readonly flows: FlowProducer,
    private readonly fleet: FleetService,
    private readonly mapping: TagMappingService,
    private readonly telemetry: TelemetryService,
    private readonly models: ModelLoader,
    private readonly audit: AuditService,
  ) {}

  async start(input: StartRunInput, actor: Actor): Promise<EvaluationRunEntity> {
    const version = await this.models.version(input.modelVersionId);
    if (!version.profile) {
      throw new EvaluationException(
        EvaluationErrorCode.NoProfile,
        'unprocessable',
        `${version.modelName}@${version.version} has no reference profile: register it with its training data in the store, or upload a profile`,
      );
    }
    const sel = input.selection ?? {};
    const machines = await this.fleet.listMachines(
      { sites: sel.sites, machineModels: sel.machineModels, minAgeYears: sel.minAgeYears, maxAgeYears: sel.maxAgeYears, assetIds: sel.assetIds },
      actor,
    );
    if (machines.length === 0)
      throw new EvaluationException(EvaluationErrorCode.EmptySelection, 'invalid', 'the fleet selection matches no machine', [
        { field: 'selection', message: 'matches no machine' },
      ]);
    const { fromMs, toMs } = await this.window(
      input,
      machines.map((m) => m.id),
    );
    const run = this.runs.create({
      id: randomUUID(),
      modelVersionId: version.id,
      selection: { ...sel, ageBands: input.ageBands },
      fromMs,
      toMs,
      status: 'queued',
      total: machines.length,
      mappingVersion: (await this.mapping.currentRuleSet()).version,
      createdBy: actor.name,
      createdAt: Date.now(),
      finishedAt: null,
      report: null,
      reportHash: null,
    });
    await this.runs.manager.transaction(async (m) => {
      await m.getRepository(EvaluationRunEntity).insert(run);
      // One pending row per machine: a job that is lost for good still shows up in the report.
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
      for (let i = 0; i < pending.length; i += 500) await m.getRepository(MachineEvaluationEntity).insert(pending.slice(i, i + 500));
      await this.audit.append(
        {
          actor: actor.name,
          action: 'evaluation.started',
          subject: `evaluation:${run.id}`,
          payload: {
            modelVersionId: version.id,
            sha256: version.sha256,
            machines: machines.length,
            from: fromMs,
            to: toMs,
            mappingVersion: run.mappingVersion,
          },
        },
        m,
      );
    });
    await this.flows.add({
      name: JobName.AggregateRun,
      queueName: EVALUATION_QUEUE,
      data: { runId: run.id },
      opts: { jobId: jobId(JobName.AggregateRun, run.id), attempts: 3, backoff: { type: 'exponential', delay: 2000 } },
      children: machines.map((m) => ({
        name: JobName.EvaluateMachine,
        queueName: EVALUATION_QUEUE,
        data: { runId: run.id, machineId: m.id, assetId: m.assetId },
        opts: { jobId: jobId(JobName.EvaluateMachine, run.id, m.id), ...MACHINE_JOB_OPTIONS },
      })),
    });
    return run;
  }

  async get(id: string): Promise<{ run: EvaluationRunEntity; progress: RunProgress }> {
    const run = await this.runs.findOne({ where: { id } });
    if (!run) throw new EvaluationException(EvaluationErrorCode.RunNotFound, 'not-found', `evaluation run ${id} not found`);
    return { run, progress: await this.progress(run) };
  }

  async progress(run: EvaluationRunEntity): Promise<RunProgress> {
    const counts = await this.results
      .createQueryBuilder('r')
      .select('r.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('r.run_id = :id', { id: run.id })
      .groupBy('r.status')
      .getRawMany<{ status: string; n: string }>();
    const of = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
    return { total: run.total, done: of('done'), failed: of('failed') };
  }

  /** The stored report text (canonical JSON, the exact bytes that were hashed). */
  async reportText(id: string): Promise<string> {
    const { run } = await this.get(id);
    if (!run.report)
      throw new EvaluationException(EvaluationErrorCode.NotFinished, 'conflict', `run ${id} is ${run.status}; the report exists once it has finished`);
    return run.report;
  }

  list(limit = 50): Promise<EvaluationRunEntity[]> {
    return this.runs.find({
      order: { createdAt: 'DESC' },
      take: limit,
      select: [
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
      ],
    });
  }

  async machines(id: string, offset: number, limit: number): Promise<{ total: number; items: MachineEvaluationEntity[] }> {
    await this.get(id);
    const [items, total] = await this.results.findAndCount({ where: { runId: id }, order: { assetId: 'ASC' }, skip: offset, take: limit });
    return { total, items };
  }

  async cancel(id: string, actor: Actor): Promise<EvaluationRunEntity> {
    const { run } = await this.get(id);
    if (!['queued', 'running'].includes(run.status))
      throw new EvaluationException(EvaluationErrorCode.NotCancellable, 'conflict', `run ${id} is ${run.status}; only queued or running runs can be cancelled`);
    await this.runs.manager.transaction(async (m) => {
      await m.getRepository(EvaluationRunEntity).update({ id }, { status: 'cancelled', finishedAt: Date.now() });
      await this.audit.append({ actor: actor.name, action: 'evaluation.cancelled', subject: `evaluation:${id}` }, m);
    });
    return { ...run, status: 'cancelled' };
  }

  private async window(input: StartRunInput, machineIds: string[]): Promise<{ fromMs: number; toMs: number }> {
    if (input.from || input.to) {
      const fromMs = parseIsoTime(input.from ?? '');
      const toMs = parseIsoTime(input.to ?? '');
      const details = [];
      if (fromMs === null) details.push({ field: 'from', message: 'an ISO date or date-time is required with to' });
      if (toMs === null) details.push({ field: 'to', message: 'an ISO date or date-time is required with from' });
      if (details.length) throw new EvaluationException(EvaluationErrorCode.BadWindow, 'invalid', 'invalid time window', details);
      if (!(toMs! > fromMs!))
        throw new EvaluationException(EvaluationErrorCode.BadWindow, 'invalid', 'to must be after from', [{ field: 'to', message: 'must be after from' }]);
      return { fromMs: fromMs!, toMs: toMs! };
    }
    let windowMs: number;
    try {
      windowMs = parseDuration(input.window ?? '90d');
    } catch (e) {
      throw new EvaluationException(EvaluationErrorCode.BadWindow, 'invalid', (e as Error).message, [{ field: 'window', message: (e as Error).message }]);
    }
    // "The last N days of the data": up to the latest sample of the selected machines.
    let end = 0;
    for (const id of machineIds) {
      const span = await this.telemetry.dataSpan(id);
      if (span && span.toMs > end) end = span.toMs;
    }
    if (end === 0) throw new EvaluationException(EvaluationErrorCode.BadWindow, 'unprocessable', 'the selected machines have no telemetry');
    const toMs = Math.ceil(end / 3_600_000) * 3_600_000;
    return { fromMs: toMs - windowMs, toMs };
  }
}
