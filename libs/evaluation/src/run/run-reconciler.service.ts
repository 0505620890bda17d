import { InjectFlowProducer, InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FlowProducer, Job, Queue } from 'bullmq';
import { Periodic, startPeriodic } from '@fleetgate/common';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { EVALUATION_QUEUE, jobId, JobName, withDeadline } from '@fleetgate/queue';
import { EvaluationRunEntity } from './evaluation-run.entity';
import { EvaluationRepository } from './evaluation.repository';
import { AGGREGATE_JOB_OPTIONS, runFlow } from './run-jobs';

/** Jobs that will still run on their own. */
const LIVE = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);
const REDIS_DEADLINE_MS = 5000;

export interface RunQueueState {
  runId: string;
  pending: number;
  /** Why the run is not moving, or null when it is (or has nothing left to do). */
  note: string | null;
}

/**
 * The database is the source of truth for a run; Redis is a cache of its work. For every
 * `queued`/`running` run, re-creates the jobs the database implies and Redis no longer has
 * (a Redis restart without persistence, an api killed between commit and enqueue): the flow
 * parent `aggregate-run` and one child per still-pending machine. Deterministic job ids make a
 * second pass, or a pass racing the api's own enqueue, change nothing. Runs at start and every
 * `FLEETGATE_RECONCILE_INTERVAL_MS` in the api and in every worker.
 */
@Injectable()
export class RunReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunReconciler.name);
  private loop?: Periodic;

  constructor(
    private readonly repo: EvaluationRepository,
    @InjectQueue(EVALUATION_QUEUE) private readonly queue: Queue,
    @InjectFlowProducer(EVALUATION_QUEUE) private readonly flows: FlowProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = startPeriodic(
      async () => {
        const created = await this.reconcile();
        if (created) this.logger.warn({ msg: 'reconciler re-created lost jobs', jobs: created });
      },
      this.config.reconcileIntervalMs,
      (error) => this.logger.warn({ msg: 'reconcile failed; next pass retries', error: error instanceof Error ? error.message : String(error) }),
    );
  }

  onApplicationShutdown(): void {
    this.loop?.stop();
  }

  /** One pass over every unfinished run; returns how many jobs it re-created. */
  async reconcile(): Promise<number> {
    let created = 0;
    for (const run of await this.repo.unfinishedRuns()) {
      if (Date.now() - run.createdAt < this.config.reconcileGraceMs) continue;
      created += await this.reconcileRun(run);
    }
    return created;
  }

  /** Why an unfinished run is not moving (for its status and `/api/health`); never throws. */
  async inspect(run: Pick<EvaluationRunEntity, 'id' | 'status'>): Promise<RunQueueState> {
    const pending = await this.repo.pendingMachines(run.id);
    if (!['queued', 'running'].includes(run.status)) return { runId: run.id, pending: pending.length, note: null };
    try {
      return await withDeadline(this.queueState(run.id, pending.length, pending), REDIS_DEADLINE_MS, 'queue inspection');
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { runId: run.id, pending: pending.length, note: `stalled: ${pending.length} machines pending, the queue cannot be read (${why})` };
    }
  }

  private async queueState(runId: string, pendingCount: number, pending: Array<{ machineId: string }>): Promise<RunQueueState> {
    const parent = await this.queue.getJob(jobId(JobName.AggregateRun, runId));
    const parentState = parent ? await parent.getState() : null;
    // Is any pending machine's job still going to run? Usually the first one asked is, so a status
    // poll of a running run costs a few Redis calls, not one per machine (it is asked every 200 ms
    // by clients following a run, beside the workers on the same cores).
    let live = false;
    for (const m of pending) {
      if (LIVE.has(await this.queue.getJobState(jobId(JobName.EvaluateMachine, runId, m.machineId)))) {
        live = true;
        break;
      }
    }
    // Active jobs are few (the workers' concurrency): look at those of this run for a lost lock.
    const ids = new Set(pending.map((m) => jobId(JobName.EvaluateMachine, runId, m.machineId)));
    // BullMQ's client type omits EXISTS; the connection is ioredis, which has it.
    const client = (await this.queue.client) as unknown as { exists(key: string): Promise<number> };
    let lockless = 0;
    for (const job of live ? await this.queue.getActive() : []) {
      if (job.id && ids.has(job.id) && !(await client.exists(`${this.queue.toKey(job.id)}:lock`))) lockless++;
    }
    const runnableParent = parentState !== null && LIVE.has(parentState) && parentState !== 'waiting-children';
    let note: string | null = null;
    if (pendingCount > 0 && !live && !runnableParent) note = `stalled: ${pendingCount} machines pending, no queued jobs`;
    else if (pendingCount === 0 && !parentState) note = 'stalled: every machine has a result, no aggregate job queued';
    else if (lockless > 0) note = `waiting: ${lockless} active jobs whose worker stopped renewing its lock (taken over within the stalled interval)`;
    return { runId, pending: pendingCount, note };
  }

  private async reconcileRun(run: EvaluationRunEntity): Promise<number> {
    const pending = await this.repo.pendingMachines(run.id);
    const parentId = jobId(JobName.AggregateRun, run.id);
    return withDeadline(
      (async () => {
        // A finished job whose machine the database still calls pending never wrote its result: run it again.
        const suspects: Array<{ machine: (typeof pending)[number]; job: Job | undefined }> = [];
        for (const m of pending) {
          const job = await this.queue.getJob(jobId(JobName.EvaluateMachine, run.id, m.machineId));
          const state = job ? await job.getState() : null;
          if (!job || !LIVE.has(state ?? '')) suspects.push({ machine: m, job });
        }
        // Asked again after looking: a job that finished while this pass looked (its result is
        // written before it completes) is no longer pending, and is left alone.
        const still = new Set((await this.repo.pendingMachines(run.id)).map((m) => m.machineId));
        const missing: typeof pending = [];
        for (const { machine, job } of suspects) {
          if (!still.has(machine.machineId)) continue;
          if (job) await removeQuietly(job);
          missing.push(machine);
        }
        let parent = await this.queue.getJob(parentId);
        const parentState = parent ? await parent.getState() : null;
        if (parent && parentState !== null && !LIVE.has(parentState)) {
          await removeQuietly(parent);
          parent = undefined;
        }
        if (!parent) {
          // The whole flow again, with every still-pending machine (live ones are re-attached, not duplicated).
          if (pending.length === 0) await this.queue.add(JobName.AggregateRun, { runId: run.id }, { jobId: parentId, ...AGGREGATE_JOB_OPTIONS });
          else await this.flows.add(runFlow(run.id, pending));
          return 1 + missing.length;
        }
        if (parentState === 'waiting-children')
          for (const m of missing) {
            const c = runFlow(run.id, [m]).children![0];
            await this.queue.add(c.name, c.data, { ...c.opts, parent: { id: parentId, queue: this.queue.qualifiedName } });
          }
        return parentState === 'waiting-children' ? missing.length : 0;
      })(),
      REDIS_DEADLINE_MS * Math.max(1, Math.ceil(pending.length / 100)),
      `reconciling run ${run.id}`,
    );
  }
}

async function removeQuietly(job: Job): Promise<void> {
  try {
    await job.remove({ removeChildren: false });
  } catch {
    // Locked by a worker that is still finishing it: the next pass looks again.
  }
}
