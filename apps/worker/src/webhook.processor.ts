import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import * as os from 'node:os';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { runWithContext } from '@fleetgate/common';
import { JobName, JobPayloads, redisOptions, WEBHOOK_QUEUE } from '@fleetgate/queue';
import { WebhookDispatcher } from '@fleetgate/webhooks';
import { observeJob } from './job-metrics.util';

/** Concurrent deliveries per worker: a receiver that hangs (until the timeout) holds one slot, not the other hooks. */
const DELIVERY_CONCURRENCY = 16;

/**
 * The webhook queue's processor: each `deliver-webhook` job is one attempt at the head event of
 * one hook; the dispatcher records it in the outbox and schedules what follows.
 */
@Injectable()
export class WebhookProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookProcessor.name);
  private worker?: Worker;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(WEBHOOK_QUEUE, (job) => this.process(job), {
      connection: redisOptions(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: DELIVERY_CONCURRENCY,
      lockDuration: Math.max(this.config.lockDurationMs, this.config.webhookTimeoutMs + 5000),
      stalledInterval: this.config.stalledIntervalMs,
      maxStalledCount: 3,
      name: `${os.hostname()}-${process.pid}`,
    });
    this.worker.on('failed', (job, error) => this.logger.warn({ msg: 'webhook job failed', jobId: job?.id, error: error.message }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private process(job: Job): Promise<void> {
    const data = job.data as JobPayloads[JobName.DeliverWebhook];
    return runWithContext({ jobId: job.id }, async () => {
      const started = process.hrtime.bigint();
      try {
        await this.dispatcher.deliver(data);
        observeJob(job, 'completed', started);
      } catch (error) {
        observeJob(job, 'failed', started);
        throw error;
      }
    });
  }
}
