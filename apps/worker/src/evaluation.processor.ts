import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import * as os from 'node:os';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { MachineEvaluator, RunAggregator } from '@fleetgate/evaluation';
import { EVALUATION_QUEUE, JobName, JobPayloads, redisOptions } from '@fleetgate/queue';

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
  ) {}

  onModuleInit(): void {
    this.worker = new Worker(EVALUATION_QUEUE, (job) => this.process(job), {
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

  private async process(job: Job): Promise<void> {
    if (job.name === JobName.AggregateRun) {
      const { runId } = job.data as JobPayloads[JobName.AggregateRun];
      await this.aggregator.aggregate(runId);
      return;
    }
    const { runId, machineId, assetId } = job.data as JobPayloads[JobName.EvaluateMachine];
    const attempt = job.attemptsMade + 1;
    try {
      await this.evaluator.evaluate(runId, machineId, attempt);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ msg: 'evaluate-machine failed', runId, machineId, jobId: job.id, attempt, error: message });
      // The last attempt records the failure so the report can name it; BullMQ still sees the job fail.
      if (attempt >= (job.opts.attempts ?? 1)) await this.evaluator.recordFailure(runId, machineId, assetId, message, attempt);
      throw error;
    }
  }
}
