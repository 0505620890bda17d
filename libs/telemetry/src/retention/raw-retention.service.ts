import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DAY_MS, HOUR_MS, Periodic, startPeriodic } from '@fleetgate/common';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { FleetService } from '@fleetgate/fleet';
import { utcDay } from '../chunk/chunk.util';
import { RollupRepository } from '../store/rollup.repository';
import { telemetryErrors } from '../telemetry.exception';

export interface RawPrune {
  /** Days before this UTC date lost their raw samples (the horizon). */
  before: string;
  /** Day chunks pruned by this run. */
  pruned: number;
  /** Machines with at least one day pruned by this run. */
  machines: number;
  /** Days before the horizon that keep their samples because they have no rollup yet (`fleetgate rollups rebuild`). */
  keptWithoutRollup: number;
}

/**
 * Raw retention: raw samples are kept for the last `days` whole UTC days (before today); older
 * days keep only their hourly rollup. Only days whose rollup is stored are pruned, so no hour is
 * ever lost; a pruned day refuses later writes and sample reads (`TELEMETRY_RAW_PRUNED`), and
 * its hours read as before. Idempotent and resumable: a day pruned once is skipped.
 */
@Injectable()
export class RawRetentionService {
  constructor(
    private readonly repo: RollupRepository,
    private readonly fleet: FleetService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async prune(opts: { olderThanDays?: number; machine?: string } = {}, progress?: (done: number, total: number) => void): Promise<RawPrune> {
    const days = opts.olderThanDays ?? this.config.rawRetentionDays;
    if (!Number.isInteger(days) || days < 1)
      throw telemetryErrors.badOption(`raw retention: keep at least 1 whole day of raw samples (--older-than or FLEETGATE_RAW_RETENTION_DAYS), got ${days}`);
    const now = Date.now();
    const beforeDay = utcDay(now) - days * DAY_MS;
    const one = opts.machine ? (await this.fleet.getMachine(opts.machine)).id : undefined;
    const ids = one ? [one] : await this.repo.machinesWithChunks();
    let pruned = 0;
    let machines = 0;
    for (const [i, id] of ids.entries()) {
      const n = await this.repo.pruneRaw(id, beforeDay, now);
      pruned += n;
      if (n > 0) machines++;
      progress?.(i + 1, ids.length);
    }
    return {
      before: new Date(beforeDay).toISOString().slice(0, 10),
      pruned,
      machines,
      keptWithoutRollup: await this.repo.withoutRollupBefore(beforeDay, one),
    };
  }

  /** Day chunks whose raw samples are pruned (of one machine, or of all). */
  async prunedDays(machine?: string): Promise<number> {
    return this.repo.prunedCount(machine ? (await this.fleet.getMachine(machine)).id : undefined);
  }
}

/**
 * Applies FLEETGATE_RAW_RETENTION_DAYS at start and every hour (in the worker; off when 0).
 * Several workers may prune at once: a pruned day is skipped, so they only repeat each other's
 * reads.
 */
@Injectable()
export class RawRetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RawRetentionScheduler.name);
  private loop?: Periodic;

  constructor(
    private readonly retention: RawRetentionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.rawRetentionDays === 0) return;
    this.loop = startPeriodic(
      async () => {
        const r = await this.retention.prune();
        if (r.pruned > 0 || r.keptWithoutRollup > 0) this.logger.log({ msg: 'raw retention applied', ...r });
      },
      HOUR_MS,
      (error) => this.logger.warn({ msg: 'raw retention failed; next hour retries', error: error instanceof Error ? error.message : String(error) }),
    );
  }

  onApplicationShutdown(): void {
    this.loop?.stop();
  }
}
