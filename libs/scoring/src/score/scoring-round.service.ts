import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { sha256Hex } from '@fleetgate/common';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { ModelLoader } from '@fleetgate/evaluation';
import { FleetService } from '@fleetgate/fleet';
import { jobId, JobName, JobPayloads, SCORING_QUEUE, SCORING_SCHEDULER_ID } from '@fleetgate/queue';
import { TelemetryService } from '@fleetgate/telemetry';
import { decideState } from '../rules/health-state.util';
import { OutboxEvent, scoreKey, ScoringRepository } from './scoring.repository';

/**
 * Attempts of a score-machine job. A machine whose job failed for good is tried again once new
 * data arrive (the job id names the data end, so the same data are not retried every round).
 */
export const SCORE_MACHINE_JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000 } as const;

export interface RoundSummary {
  dataClockMs: number | null;
  deployedMachines: number;
  enqueued: number;
  healthUpdates: number;
}

/**
 * A scoring round: one `score-machine` job per machine that has an active, non-suspended
 * production deployment and new data since it was last scored (at least one step past its
 * last scored window). Machines that went quiet are marked `no-data` here, without a job.
 */
@Injectable()
export class ScoringRoundService {
  private readonly logger = new Logger(ScoringRoundService.name);

  constructor(
    private readonly repo: ScoringRepository,
    private readonly telemetry: TelemetryService,
    private readonly models: ModelLoader,
    private readonly fleet: FleetService,
    @InjectQueue(SCORING_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** (Re-)creates the repeating round in Redis from the configuration: at worker start, Redis may have lost it. */
  async ensureScheduler(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SCORING_SCHEDULER_ID,
      { every: this.config.scoringIntervalMs },
      { name: JobName.ScoreRound, data: {} satisfies JobPayloads[JobName.ScoreRound], opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  /** A round now (`POST /api/scoring/rounds`): same job, its own id. */
  async enqueueRound(requestId?: string): Promise<string> {
    const job = await this.queue.add(JobName.ScoreRound, { requestId } satisfies JobPayloads[JobName.ScoreRound], { removeOnComplete: 100, removeOnFail: 100 });
    return job.id ?? '';
  }

  /**
   * One machine's job outside the round, on the data already stored: a person's judgement changes
   * what its guards count (an alarm closed as a false alarm, see the gate README, "Guards"), so
   * they are checked again now instead of when new data happen to arrive. Nothing is scored twice.
   */
  async enqueueGuardCheck(machineId: string, reason: string): Promise<void> {
    const ends = await this.telemetry.latestEndByMachine();
    const dataEndMs = ends.get(machineId);
    if (dataEndMs === undefined) return;
    const dataClockMs = Math.max(...ends.values());
    await this.queue.add(JobName.ScoreMachine, { machineId, dataEndMs, dataClockMs } satisfies JobPayloads[JobName.ScoreMachine], {
      ...SCORE_MACHINE_JOB_OPTIONS,
      jobId: jobId(JobName.ScoreMachine, machineId, String(dataEndMs), sha256Hex(reason).slice(0, 16)),
    });
  }

  async round(): Promise<RoundSummary> {
    const [deployments, ends, scored] = await Promise.all([this.repo.activeProduction(), this.telemetry.latestEndByMachine(), this.repo.lastScoredEnds()]);
    const dataClockMs = ends.size ? Math.max(...ends.values()) : null;
    const byMachine = new Map<string, typeof deployments>();
    for (const d of deployments) byMachine.set(d.machineId, [...(byMachine.get(d.machineId) ?? []), d]);
    const jobs: Array<{ name: JobName; data: JobPayloads[JobName.ScoreMachine]; opts: Record<string, unknown> }> = [];
    const quiet: string[] = [];
    for (const [machineId, ds] of byMachine) {
      const dataEndMs = ends.get(machineId);
      // A deployment a guard demoted to the version it replaced still takes a job: the fallback scores (see the gate README, "Guards").
      const serving = ds.filter((d) => d.suspendedAt === null || (d.suspensionKind === 'guard' && d.fallbackDeploymentId !== null));
      if (dataEndMs === undefined || serving.length === 0) {
        quiet.push(machineId);
        continue;
      }
      let due = false;
      const state: string[] = [];
      for (const d of serving) {
        const last = scored.get(scoreKey(machineId, d.modelVersionId));
        const v = await this.models.version(d.modelVersionId);
        if (last === undefined || dataEndMs >= last + v.recipe.stepMs) due = true;
        state.push(`${d.id}:${last ?? 'new'}`);
      }
      if (due) {
        // The id names the data end and where each serving deployment stands: a retry keeps it, a
        // new deployment or newly scored windows change it.
        jobs.push({
          name: JobName.ScoreMachine,
          data: { machineId, dataEndMs, dataClockMs: dataClockMs ?? dataEndMs },
          opts: {
            jobId: jobId(JobName.ScoreMachine, machineId, String(dataEndMs), sha256Hex(state.sort().join(',')).slice(0, 16)),
            ...SCORE_MACHINE_JOB_OPTIONS,
          },
        });
      } else quiet.push(machineId);
    }
    if (jobs.length) await this.queue.addBulk(jobs);
    const healthUpdates = await this.markQuiet(quiet, byMachine, ends, dataClockMs);
    this.logger.log({ msg: 'scoring round', deployedMachines: byMachine.size, enqueued: jobs.length, healthUpdates });
    return { dataClockMs, deployedMachines: byMachine.size, enqueued: jobs.length, healthUpdates };
  }

  /** Machines without a job this round: no-data when their data fell behind the clock, suspended when their deployments are, not-covered when none is left. */
  private async markQuiet(
    machineIds: string[],
    byMachine: Map<string, Array<{ suspendedAt: number | null; suspendedReason: string | null }>>,
    ends: Map<string, number>,
    clock: number | null,
  ): Promise<number> {
    const current = await this.repo.healthOf();
    const healthById = new Map(current.map((h) => [h.machineId, h]));
    // Machines whose health row outlived their last production deployment.
    const uncovered = current.filter((h) => !byMachine.has(h.machineId) && h.state !== 'not-covered').map((h) => h.machineId);
    let updates = 0;
    const machines = new Map((await this.fleet.listMachines()).map((m) => [m.id, m]));
    for (const machineId of [...machineIds, ...uncovered]) {
      const h = healthById.get(machineId);
      const ds = byMachine.get(machineId) ?? [];
      const suspended = ds.length > 0 && ds.every((d) => d.suspendedAt !== null) ? (ds[0].suspendedReason ?? 'suspended') : null;
      const scored = h && (h.state === 'ok' || h.state === 'watch' || h.state === 'alarm') ? h.state : null;
      const decided = decideState({
        covered: ds.length > 0,
        suspendedReason: suspended,
        lastDataMs: ends.get(machineId) ?? null,
        dataClockMs: clock,
        scored,
        scoredReason: h?.reason ?? null,
      });
      if (!h || h.state === decided.state) continue;
      const m = machines.get(machineId);
      const event: OutboxEvent = {
        type: 'health-changed',
        site: m?.site.name ?? null,
        machineId,
        payload: {
          assetId: m?.assetId ?? machineId,
          site: m?.site.name ?? null,
          line: m?.line?.name ?? null,
          from: h.state,
          to: decided.state,
          reason: decided.reason,
        },
      };
      await this.repo.markState(machineId, decided.state, decided.reason, ends.get(machineId) ?? null, event);
      updates++;
    }
    return updates;
  }
}
