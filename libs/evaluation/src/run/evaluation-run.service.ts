import { InjectFlowProducer } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { FlowProducer } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AuditService } from '@fleetgate/audit';
import { Actor, HOUR_MS, parseDuration, parseIsoTime } from '@fleetgate/common';
import { FleetService, TagMappingService } from '@fleetgate/fleet';
import { EVALUATION_QUEUE, jobId, JobName } from '@fleetgate/queue';
import { ModelVersionService, ModelVersionView, RegistryErrorCode, RegistryException } from '@fleetgate/registry';
import { TelemetryService } from '@fleetgate/telemetry';
import { EvaluationRunEntity, FleetSelection } from './evaluation-run.entity';
import { EvaluationErrorCode, EvaluationException } from './evaluation.exception';
import { EvaluationRepository, RunProgress } from './evaluation.repository';
import { MachineEvaluationEntity } from './machine-evaluation.entity';

export interface StartRunInput {
  modelVersionId: string;
  selection: FleetSelection;
  from?: string;
  to?: string;
  /** e.g. '90d': the last 90 days of the selected machines' data. */
  lookback?: string;
  ageBands?: number[];
}

/** Retries with exponential backoff; a child that fails for good does not hold its parent. */
export const MACHINE_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  ignoreDependencyOnFailure: true,
  removeOnComplete: 1000,
  removeOnFail: 5000,
} as const;

/** The api side of a run: start (enqueues only), follow, cancel. */
@Injectable()
export class EvaluationRunService {
  constructor(
    private readonly repo: EvaluationRepository,
    @InjectFlowProducer(EVALUATION_QUEUE) private readonly flows: FlowProducer,
    private readonly fleet: FleetService,
    private readonly mapping: TagMappingService,
    private readonly telemetry: TelemetryService,
    private readonly registry: ModelVersionService,
    private readonly audit: AuditService,
  ) {}

  async start(input: StartRunInput, actor: Actor): Promise<EvaluationRunEntity> {
    const version = await this.version(input.modelVersionId);
    if (version.profile.status === 'absent') {
      throw new EvaluationException(
        EvaluationErrorCode.NoProfile,
        'unprocessable',
        `${version.model}@${version.version} has no reference profile: register it with its training data in the store, or upload a profile`,
        [{ field: 'modelVersionId', message: 'this version has no reference profile' }],
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
    const { fromMs, toMs } = await this.period(
      input,
      machines.map((m) => m.id),
    );
    const run = Object.assign(new EvaluationRunEntity(), {
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
    } satisfies EvaluationRunEntity);
    await this.repo.transaction(async (m) => {
      await this.repo.insertRun(run, machines, m);
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
    const run = await this.repo.run(id);
    if (!run) throw new EvaluationException(EvaluationErrorCode.RunNotFound, 'not-found', `evaluation run ${id} not found`);
    return { run, progress: await this.repo.progress(run) };
  }

  progress(run: EvaluationRunEntity): Promise<RunProgress> {
    return this.repo.progress(run);
  }

  /** The stored report text (canonical JSON, the exact bytes that were hashed). */
  async reportText(id: string): Promise<string> {
    const { run } = await this.get(id);
    if (!run.report)
      throw new EvaluationException(EvaluationErrorCode.NotFinished, 'conflict', `run ${id} is ${run.status}; the report exists once it has finished`);
    return run.report;
  }

  list(limit = 50): Promise<EvaluationRunEntity[]> {
    return this.repo.listRuns(limit);
  }

  async machines(id: string, offset: number, limit: number): Promise<{ total: number; items: MachineEvaluationEntity[] }> {
    await this.get(id);
    return this.repo.resultsPage(id, offset, limit);
  }

  async cancel(id: string, actor: Actor): Promise<EvaluationRunEntity> {
    const { run } = await this.get(id);
    if (!['queued', 'running'].includes(run.status))
      throw new EvaluationException(EvaluationErrorCode.NotCancellable, 'conflict', `run ${id} is ${run.status}; only queued or running runs can be cancelled`);
    const finishedAt = Date.now();
    await this.repo.transaction(async (m) => {
      await this.repo.finishRun(id, { status: 'cancelled', finishedAt }, m);
      await this.audit.append({ actor: actor.name, action: 'evaluation.cancelled', subject: `evaluation:${id}` }, m);
    });
    return { ...run, status: 'cancelled', finishedAt };
  }

  private async version(id: string): Promise<ModelVersionView> {
    try {
      return await this.registry.view(id);
    } catch (error) {
      if (error instanceof RegistryException && error.code === RegistryErrorCode.VersionNotFound)
        throw new EvaluationException(EvaluationErrorCode.VersionNotFound, 'not-found', `model version ${id} not found`);
      throw error;
    }
  }

  /** The look-back period: from/to, or the last `lookback` of the selected machines' data. */
  private async period(input: StartRunInput, machineIds: string[]): Promise<{ fromMs: number; toMs: number }> {
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
    let lookbackMs: number;
    try {
      lookbackMs = parseDuration(input.lookback ?? '90d');
    } catch (e) {
      throw new EvaluationException(EvaluationErrorCode.BadWindow, 'invalid', (e as Error).message, [{ field: 'lookback', message: (e as Error).message }]);
    }
    // "The last N days of the data": up to the latest sample of the selected machines.
    const end = await this.telemetry.latestEnd(machineIds);
    if (end === null)
      throw new EvaluationException(EvaluationErrorCode.BadWindow, 'unprocessable', 'the selected machines have no telemetry', [
        { field: 'selection', message: 'the selected machines have no telemetry' },
      ]);
    const toMs = Math.ceil(end / HOUR_MS) * HOUR_MS;
    return { fromMs: toMs - lookbackMs, toMs };
  }
}
