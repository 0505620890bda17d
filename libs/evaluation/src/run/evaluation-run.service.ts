import { InjectFlowProducer } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { FlowProducer } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AuditService } from '@fleetgate/audit';
import { Actor, DAY_MS, HOUR_MS, ISO_TIME_HINT, parseDuration, parseIsoTime } from '@fleetgate/common';
import { FleetService, TagMappingService } from '@fleetgate/fleet';
import { EVALUATION_QUEUE, withDeadline } from '@fleetgate/queue';
import { ModelVersionService, ModelVersionView, RegistryErrorCode, RegistryException } from '@fleetgate/registry';
import { TelemetryService } from '@fleetgate/telemetry';
import { EvaluationRunEntity, FleetSelection, ThresholdMode } from './evaluation-run.entity';
import { EvaluationErrorCode, EvaluationException } from './evaluation.exception';
import { EvaluationRepository, RunProgress } from './evaluation.repository';
import { MachineEvaluationEntity } from './machine-evaluation.entity';
import { runFlow } from './run-jobs';
import { RunReconciler } from './run-reconciler.service';

export interface StartRunInput {
  modelVersionId: string;
  selection: FleetSelection;
  from?: string;
  to?: string;
  /** e.g. '90d': the last 90 days of the selected machines' data. */
  lookback?: string;
  ageBands?: number[];
  /** Default 'version'; 'per-machine' needs a per-machine-baseline model (the threshold is calibrated on each machine's baseline). */
  thresholds?: ThresholdMode;
  /** The client's Idempotency-Key header: a retry with the same key gets the same run. */
  idempotencyKey?: string;
}

/** How long `POST /api/evaluations` waits for Redis before answering 503 (the run stays recorded). */
const ENQUEUE_DEADLINE_MS = 5000;

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
    private readonly reconciler: RunReconciler,
  ) {}

  async start(input: StartRunInput, actor: Actor): Promise<EvaluationRunEntity> {
    if (input.idempotencyKey) {
      const earlier = await this.repo.runByIdempotencyKey(actor.name, input.idempotencyKey);
      if (earlier) return earlier;
    }
    const version = await this.version(input.modelVersionId);
    if (version.profile.status === 'absent') {
      throw new EvaluationException(
        EvaluationErrorCode.NoProfile,
        'unprocessable',
        `${version.model}@${version.version} has no reference profile: register it with its training data in the store, or upload a profile`,
        [{ field: 'modelVersionId', message: 'this version has no reference profile' }],
      );
    }
    const thresholds = input.thresholds ?? 'version';
    const method = (version.manifest.normalization as { method?: string } | undefined)?.method;
    if (thresholds === 'per-machine' && method !== 'per-machine-baseline') {
      throw new EvaluationException(
        EvaluationErrorCode.ThresholdsNeedBaseline,
        'invalid',
        `per-machine thresholds are calibrated on each machine's baseline: ${version.model}@${version.version} is not a per-machine-baseline model`,
        [{ field: 'thresholds', message: 'needs normalization per-machine-baseline' }],
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
      idempotencyKey: input.idempotencyKey ?? null,
      thresholds,
    } satisfies EvaluationRunEntity);
    const inserted = await this.record(run, machines, actor, version);
    if (inserted !== run) return inserted;
    await this.enqueue(run, machines);
    return run;
  }

  /** The run, its pending rows and the audit event in one transaction; a concurrent retry with the same key gets the winner's run. */
  private async record(
    run: EvaluationRunEntity,
    machines: ReadonlyArray<{ id: string; assetId: string }>,
    actor: Actor,
    version: ModelVersionView,
  ): Promise<EvaluationRunEntity> {
    try {
      await this.insert(run, machines, actor, version);
      return run;
    } catch (error) {
      const earlier = run.idempotencyKey ? await this.repo.runByIdempotencyKey(actor.name, run.idempotencyKey) : null;
      if (earlier) return earlier;
      throw error;
    }
  }

  /**
   * Bounded: with Redis away the api answers 503 in seconds instead of hanging. The run stays
   * recorded (`queued`, every machine pending); the reconciler enqueues it once Redis is back.
   */
  private async enqueue(run: EvaluationRunEntity, machines: ReadonlyArray<{ id: string; assetId: string }>): Promise<void> {
    try {
      const client = await withDeadline(this.flows.client, ENQUEUE_DEADLINE_MS, 'enqueue');
      if (client.status !== 'ready') throw new Error(`the queue (Redis) connection is ${client.status}`);
      await withDeadline(
        this.flows.add(
          runFlow(
            run.id,
            machines.map((m) => ({ machineId: m.id, assetId: m.assetId })),
          ),
        ),
        ENQUEUE_DEADLINE_MS,
        'enqueue',
      );
    } catch (error) {
      throw new EvaluationException(
        EvaluationErrorCode.QueueUnavailable,
        'unavailable',
        `run ${run.id} is recorded (queued) but could not be enqueued: ${(error as Error).message}; it starts once Redis is back — retry with the same Idempotency-Key to get this run`,
        [{ field: 'runId', message: run.id }],
      );
    }
  }

  private async insert(
    run: EvaluationRunEntity,
    machines: ReadonlyArray<{ id: string; assetId: string }>,
    actor: Actor,
    version: ModelVersionView,
  ): Promise<void> {
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
            from: run.fromMs,
            to: run.toMs,
            mappingVersion: run.mappingVersion,
            thresholds: run.thresholds,
          },
        },
        m,
      );
    });
  }

  async get(id: string): Promise<{ run: EvaluationRunEntity; progress: RunProgress }> {
    const run = await this.repo.run(id);
    if (!run) throw new EvaluationException(EvaluationErrorCode.RunNotFound, 'not-found', `evaluation run ${id} not found`);
    return { run, progress: await this.repo.progress(run) };
  }

  progress(run: EvaluationRunEntity): Promise<RunProgress> {
    return this.repo.progress(run);
  }

  /** Why a queued or running run is not moving ("stalled: …", "waiting: …"), or null. */
  async note(run: EvaluationRunEntity): Promise<string | null> {
    return (await this.reconciler.inspect(run)).note;
  }

  /** Every queued or running run that cannot make progress, and why (for `/api/health`). */
  async stalledRuns(): Promise<Array<{ runId: string; pending: number; note: string }>> {
    const out: Array<{ runId: string; pending: number; note: string }> = [];
    for (const run of await this.repo.unfinishedRuns()) {
      const state = await this.reconciler.inspect(run);
      if (state.note) out.push({ runId: run.id, pending: state.pending, note: state.note });
    }
    return out;
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
    // Refused before anything is read: a run reads every machine's whole window into memory.
    const maxMs = this.telemetry.maxLookbackMs;
    const tooLong = (field: string, ms: number) =>
      new EvaluationException(
        EvaluationErrorCode.BadWindow,
        'invalid',
        `${field}: the window spans ${Math.ceil(ms / DAY_MS)} days; at most ${this.telemetry.maxLookbackDays} days may be evaluated at once (FLEETGATE_MAX_LOOKBACK_DAYS)`,
        [{ field, message: `window longer than ${this.telemetry.maxLookbackDays} days` }],
      );
    if (input.from || input.to) {
      const fromMs = parseIsoTime(input.from ?? '');
      const toMs = parseIsoTime(input.to ?? '');
      const details = [];
      if (fromMs === null) details.push({ field: 'from', message: `${ISO_TIME_HINT} is required with to` });
      if (toMs === null) details.push({ field: 'to', message: `${ISO_TIME_HINT} is required with from` });
      if (details.length) throw new EvaluationException(EvaluationErrorCode.BadWindow, 'invalid', 'invalid time window', details);
      if (!(toMs! > fromMs!))
        throw new EvaluationException(EvaluationErrorCode.BadWindow, 'invalid', 'to must be after from', [{ field: 'to', message: 'must be after from' }]);
      if (toMs! - fromMs! > maxMs) throw tooLong('from', toMs! - fromMs!);
      // Clipped to the selected machines' data, on whole UTC days (the store's chunks).
      const span = await this.telemetry.spanOf(machineIds);
      if (!span)
        throw new EvaluationException(EvaluationErrorCode.BadWindow, 'unprocessable', 'the selected machines have no telemetry', [
          { field: 'selection', message: 'the selected machines have no telemetry' },
        ]);
      const clipped = { fromMs: Math.max(fromMs!, Math.floor(span.fromMs / DAY_MS) * DAY_MS), toMs: Math.min(toMs!, Math.ceil(span.toMs / DAY_MS) * DAY_MS) };
      if (!(clipped.toMs > clipped.fromMs))
        throw new EvaluationException(
          EvaluationErrorCode.BadWindow,
          'unprocessable',
          `the selected machines have no telemetry between from and to (their data: ${new Date(span.fromMs).toISOString()} → ${new Date(span.toMs).toISOString()})`,
          [{ field: 'from', message: 'no telemetry of the selected machines in this window' }],
        );
      return clipped;
    }
    let lookbackMs: number;
    try {
      lookbackMs = parseDuration(input.lookback ?? '90d');
    } catch (e) {
      throw new EvaluationException(EvaluationErrorCode.BadWindow, 'invalid', (e as Error).message, [{ field: 'lookback', message: (e as Error).message }]);
    }
    if (lookbackMs > maxMs) throw tooLong('lookback', lookbackMs);
    // "The last N days of the data": up to the latest sample of the selected machines. Not
    // clipped at the start: days of the look-back without data count as unusable windows.
    const end = await this.telemetry.latestEnd(machineIds);
    if (end === null)
      throw new EvaluationException(EvaluationErrorCode.BadWindow, 'unprocessable', 'the selected machines have no telemetry', [
        { field: 'selection', message: 'the selected machines have no telemetry' },
      ]);
    const toMs = Math.ceil(end / HOUR_MS) * HOUR_MS;
    return { fromMs: toMs - lookbackMs, toMs };
  }
}
