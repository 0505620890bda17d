import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { EvaluationRunService } from '@fleetgate/evaluation';
import { evaluationRuns, evaluationRunsStalled, MetricsServer, queueJobs, scoringLag } from '@fleetgate/metrics';
import { EVALUATION_QUEUE, SCORING_QUEUE, WEBHOOK_QUEUE, withDeadline } from '@fleetgate/queue';
import { TelemetryService } from '@fleetgate/telemetry';
import { scoringLagBySite } from './scoring-lag.util';

const RUN_STATUSES = ['queued', 'running', 'completed', 'partial', 'failed', 'cancelled'];
const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children', 'prioritized', 'paused'] as const;
const SCRAPE_DEADLINE_MS = 3000;

/**
 * Each serving production deployment's site and newest scored window end (a guard's fallback
 * scores in place of the deployment it stands in for): one primary-key lookup per deployment.
 */
const SCORED_ENDS_SQL = `
  SELECT s.name AS site,
         (SELECT MAX(sc.window_end_ms) FROM machine_scores sc
           WHERE sc.machine_id = d.machine_id AND sc.model_version_id = COALESCE(f.model_version_id, d.model_version_id)) AS end_ms
    FROM deployments d
    JOIN machines m ON m.id = d.machine_id
    JOIN sites s ON s.id = m.site_id
    LEFT JOIN deployments f ON f.id = d.fallback_deployment_id AND d.suspension_kind = 'guard'
   WHERE d.active = true AND d.stage = 'production' AND (d.suspended_at IS NULL OR f.id IS NOT NULL)`;

/**
 * Gauges only the api collects, on scrape: BullMQ job counts per queue and state (one
 * getJobCounts per queue, so many workers do not each report the same queue), runs by status,
 * stalled runs and scoring lag per site from the database.
 */
@Injectable()
export class OpsMetricsCollector implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsServer,
    @InjectQueue(EVALUATION_QUEUE) private readonly evaluationQueue: Queue,
    @InjectQueue(SCORING_QUEUE) private readonly scoringQueue: Queue,
    @InjectQueue(WEBHOOK_QUEUE) private readonly webhookQueue: Queue,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runs: EvaluationRunService,
    private readonly telemetry: TelemetryService,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(() => this.queues());
    this.metrics.onScrape(() => this.runCounts());
    this.metrics.onScrape(async () => evaluationRunsStalled.set((await withDeadline(this.runs.stalledRuns(), SCRAPE_DEADLINE_MS, 'stalled runs')).length));
    this.metrics.onScrape(() => this.scoringLag());
  }

  private async queues(): Promise<void> {
    for (const queue of [this.evaluationQueue, this.scoringQueue, this.webhookQueue]) {
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

  /** Against the data clock health's no-data uses (the fleet's newest sample), so an accelerated replay reads right. */
  private async scoringLag(): Promise<void> {
    const [rows, ends] = await Promise.all([
      this.dataSource.query(SCORED_ENDS_SQL) as Promise<Array<{ site: string; end_ms: string | number | null }>>,
      this.telemetry.latestEndByMachine(),
    ]);
    const deployments = rows.map((r) => ({ site: String(r.site), endMs: r.end_ms === null ? null : Number(r.end_ms) }));
    const lag = scoringLagBySite(deployments, ends.size ? Math.max(...ends.values()) : null);
    // A site that lost its deployments (or its scores) loses its series.
    scoringLag.reset();
    for (const [site, seconds] of lag) scoringLag.set({ site }, seconds);
  }
}
