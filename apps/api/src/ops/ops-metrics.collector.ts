import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { EvaluationRunService } from '@fleetgate/evaluation';
import { evaluationRuns, evaluationRunsStalled, MetricsServer, queueJobs } from '@fleetgate/metrics';
import { EVALUATION_QUEUE, withDeadline } from '@fleetgate/queue';

const RUN_STATUSES = ['queued', 'running', 'completed', 'partial', 'failed', 'cancelled'];
const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children', 'prioritized', 'paused'] as const;
const SCRAPE_DEADLINE_MS = 3000;

/**
 * Gauges only the api collects, on scrape: BullMQ job counts per queue and state (one
 * getJobCounts per queue, so many workers do not each report the same queue), runs by status
 * and stalled runs from the database.
 */
@Injectable()
export class OpsMetricsCollector implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsServer,
    @InjectQueue(EVALUATION_QUEUE) private readonly evaluationQueue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runs: EvaluationRunService,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(() => this.queues());
    this.metrics.onScrape(() => this.runCounts());
    this.metrics.onScrape(async () => evaluationRunsStalled.set((await withDeadline(this.runs.stalledRuns(), SCRAPE_DEADLINE_MS, 'stalled runs')).length));
  }

  private async queues(): Promise<void> {
    for (const queue of [this.evaluationQueue]) {
      const counts = await withDeadline(queue.getJobCounts(...JOB_STATES), SCRAPE_DEADLINE_MS, `job counts of ${queue.name}`);
      for (const state of JOB_STATES) queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
    }
  }

  private async runCounts(): Promise<void> {
    const rows = (await this.dataSource.query('SELECT status, COUNT(*) AS n FROM evaluation_runs GROUP BY status')) as Array<{
      status: string;
      n: string | number;
    }>;
    const byStatus = new Map(rows.map((r) => [r.status, Number(r.n)]));
    for (const status of new Set([...RUN_STATUSES, ...byStatus.keys()])) evaluationRuns.set({ status }, byStatus.get(status) ?? 0);
  }
}
