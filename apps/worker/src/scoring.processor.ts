import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import * as os from 'node:os';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { runWithContext } from '@fleetgate/common';
import { JobName, JobPayloads, redisOptions, SCORING_QUEUE } from '@fleetgate/queue';
import { GuardCheckService, MachineScorer, ScoringRoundService, ShadowScorer } from '@fleetgate/scoring';
import { observeJob } from './job-metrics.util';

/**
 * The scoring queue's processor: `score-round` (from the job scheduler, every
 * FLEETGATE_SCORING_INTERVAL, or on request) fans out `score-machine` jobs; each scores one
 * machine's new windows. At start the scheduler is re-created from the configuration, since
 * Redis may have lost it. Failures throw, so BullMQ's retry and backoff apply; a job retried
 * after its transaction committed finds nothing new and adds nothing.
 */
@Injectable()
export class ScoringProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScoringProcessor.name);
  private worker?: Worker;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rounds: ScoringRoundService,
    private readonly scorer: MachineScorer,
    private readonly guards: GuardCheckService,
    private readonly shadows: ShadowScorer,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(SCORING_QUEUE, (job) => this.process(job), {
      connection: redisOptions(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: this.config.workerConcurrency,
      lockDuration: this.config.lockDurationMs,
      stalledInterval: this.config.stalledIntervalMs,
      maxStalledCount: 3,
      name: `${os.hostname()}-${process.pid}`,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.warn({ msg: 'scoring job failed', jobId: job?.id, attemptsMade: job?.attemptsMade, error: error.message }),
    );
    // Not awaited: with Redis away at start the worker still comes up (and evaluates once Redis is back).
    void this.placeScheduler();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.worker?.close();
  }

  /** (Re-)creates the job scheduler, retrying while Redis is unreachable. */
  private async placeScheduler(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.rounds.ensureScheduler();
        this.logger.log({ msg: 'scoring scheduler in place', everyMs: this.config.scoringIntervalMs });
        return;
      } catch (error) {
        this.logger.warn({ msg: 'scoring scheduler not placed yet', attempt, error: error instanceof Error ? error.message : String(error) });
        await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5))));
      }
    }
  }

  private process(job: Job): Promise<void> {
    const { requestId, machineId } = job.data as { requestId?: string; machineId?: string };
    return runWithContext({ requestId, jobId: job.id, machineId }, async () => {
      const started = process.hrtime.bigint();
      try {
        if (job.name === JobName.ScoreRound) {
          // Silence first: a machine whose data came back takes this round's job; one that went quiet shows suspended.
          await this.guards.silenceRound();
          await this.rounds.round();
        } else {
          const { machineId: id, dataEndMs, dataClockMs } = job.data as JobPayloads[JobName.ScoreMachine];
          await this.scorer.score(id, dataEndMs, dataClockMs);
          // Guards look at what this job just scored; a demotion is shown in the machine's health at once.
          if ((await this.guards.check(id, dataEndMs)).length) await this.scorer.score(id, dataEndMs, dataClockMs);
          // Shadows compare a candidate on the windows production just scored; they write only their own table.
          await this.shadows.score(id);
        }
        observeJob(job, 'completed', started);
      } catch (error) {
        observeJob(job, 'failed', started);
        throw error;
      }
    });
  }
}
