import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import * as os from 'node:os';
import { AdviceRunner } from '@fleetgate/advice';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { runWithContext } from '@fleetgate/common';
import { MachineEvaluator, RunAggregator } from '@fleetgate/evaluation';
import { MachineEntity } from '@fleetgate/fleet';
import { machinesFailed } from '@fleetgate/metrics';
import { EVALUATION_QUEUE, JobName, JobPayloads, redisOptions } from '@fleetgate/queue';
import { StreamService } from '@fleetgate/scoring';
import { infraBackoffMs, isInfrastructureError } from './infra-error.util';
import { observeJob } from './job-metrics.util';

/** What a job carries besides its payload: its outage retries and the last real error. */
interface JobNotes {
  infraSince?: number;
  infraRetries?: number;
  lastError?: string;
}

/**
 * The evaluation queue's processor. Stateless: any number of these, on any number of hosts,
 * share runs through Redis; results go to the database as upserts. A plain BullMQ Worker
 * rather than `@Processor`, because its lock and stall settings come from the validated
 * config at start-up.
 */
@Injectable()
export class EvaluationProcessor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EvaluationProcessor.name);
  private worker?: Worker;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly evaluator: MachineEvaluator,
    private readonly aggregator: RunAggregator,
    private readonly stream: StreamService,
    private readonly advice: AdviceRunner,
  ) {}

  onModuleInit(): void {
    this.worker = new Worker(EVALUATION_QUEUE, (job, token) => this.process(job, token), {
      connection: redisOptions(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: this.config.workerConcurrency,
      lockDuration: this.config.lockDurationMs,
      stalledInterval: this.config.stalledIntervalMs,
      maxStalledCount: 3,
      // Shows in each job's processedBy: which host and process evaluated a machine.
      name: `${os.hostname()}-${process.pid}`,
    });
    this.worker.on('failed', (job, error) => this.logger.warn({ msg: 'job failed', jobId: job?.id, attemptsMade: job?.attemptsMade, error: error.message }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * PostgreSQL or Redis away is an outage, not the machine's fault: the job goes back to
   * `delayed` with backoff (BullMQ does not count that as an attempt) for up to
   * FLEETGATE_INFRA_RETRY_MS; only after that does it fail like any other error.
   */
  private process(job: Job, token?: string): Promise<void> {
    // Every line logged for this job names it, its run and machine, and the request that enqueued it.
    const { requestId, runId, machineId } = job.data as { requestId?: string; runId?: string; machineId?: string };
    return runWithContext({ requestId, jobId: job.id, runId, machineId }, async () => {
      const started = process.hrtime.bigint();
      try {
        await this.dispatch(job);
        observeJob(job, 'completed', started);
      } catch (error) {
        if (isInfrastructureError(error) && (await this.postpone(job, token, error))) {
          observeJob(job, 'postponed', started);
          throw new DelayedError();
        }
        observeJob(job, 'failed', started);
        throw error;
      }
    });
  }

  private async dispatch(job: Job): Promise<void> {
    if (job.name === JobName.AggregateRun) {
      const { runId } = job.data as JobPayloads[JobName.AggregateRun];
      await this.aggregator.aggregate(runId);
      return;
    }
    if (job.name === JobName.Advise) {
      await this.advice.run((job.data as JobPayloads[JobName.Advise]).adviceId);
      return;
    }
    const { runId, machineId, assetId } = job.data as JobPayloads[JobName.EvaluateMachine];
    const notes = job.data as JobNotes;
    const attempt = job.attemptsMade + 1;
    try {
      const machine = await this.evaluator.evaluate(runId, machineId, attempt);
      await this.progress(runId, machineId, 'done', machine ?? undefined);
    } catch (error) {
      const infra = isInfrastructureError(error);
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ msg: 'evaluate-machine failed', runId, machineId, jobId: job.id, attempt, infra, error: message });
      if (infra && this.withinOutageBudget(notes)) throw error;
      // The report names the last real error, not the outage that followed it.
      const reason = infra && notes.lastError ? notes.lastError : message;
      if (!infra) await job.updateData({ ...job.data, lastError: message, infraSince: undefined, infraRetries: 0 });
      // The last attempt records the failure so the report can name it; BullMQ still sees the job fail.
      if (attempt >= (job.opts.attempts ?? 1)) {
        await this.evaluator.recordFailure(runId, machineId, assetId, reason, attempt);
        machinesFailed.inc();
        await this.progress(runId, machineId, 'failed');
      }
      throw error;
    }
  }

  /** The stream's progress event; never fails the job (the result is already stored). */
  private async progress(runId: string, machineId: string, status: 'done' | 'failed', machine?: MachineEntity): Promise<void> {
    await this.stream
      .evaluationProgress(runId, machineId, status, machine)
      .catch((error: unknown) =>
        this.logger.warn({ msg: 'progress event not written', runId, machineId, error: error instanceof Error ? error.message : String(error) }),
      );
  }

  private withinOutageBudget(notes: JobNotes): boolean {
    return notes.infraSince === undefined || Date.now() - notes.infraSince <= this.config.infraRetryMs;
  }

  private async postpone(job: Job, token: string | undefined, error: unknown): Promise<boolean> {
    const notes = job.data as JobNotes;
    if (!this.withinOutageBudget(notes)) return false;
    const retries = (notes.infraRetries ?? 0) + 1;
    const delayMs = infraBackoffMs(retries);
    await job.updateData({ ...job.data, infraSince: notes.infraSince ?? Date.now(), infraRetries: retries });
    await job.moveToDelayed(Date.now() + delayMs, token);
    this.logger.warn({
      msg: 'database or queue unreachable; job postponed, not counted as an attempt',
      jobId: job.id,
      retries,
      delayMs,
      error: error instanceof Error ? error.message : String(error),
    });
    return true;
  }
}
