import { Injectable } from '@nestjs/common';
import { FleetService } from '@fleetgate/fleet';
import { RollupRepository } from '../store/rollup.repository';

export interface RollupRebuild {
  /** day rows summarised and stored */
  rollups: number;
  machines: number;
  /** chunks still without a rollup afterwards (0 unless data arrived meanwhile through an old writer) */
  remaining: number;
}

// Day rows per statement: ~1 MB of raw samples read and ~0.3 MB of rollups written at a time.
const BATCH = 200;

/**
 * Back-fills hourly rollups for chunks stored before rollups existed (`fleetgate rollups rebuild`).
 * Resumable by construction: each batch commits on its own and only chunks without a rollup are
 * read, so a run stopped halfway continues where it stopped.
 */
@Injectable()
export class RollupService {
  constructor(
    private readonly repo: RollupRepository,
    private readonly fleet: FleetService,
  ) {}

  /** Chunks without a rollup (of one machine — asset id or id — or of the whole store). */
  async missing(machine?: string): Promise<number> {
    return this.repo.missingCount(machine ? (await this.fleet.getMachine(machine)).id : undefined);
  }

  async rebuild(opts: { machine?: string }, progress?: (done: number, total: number) => void): Promise<RollupRebuild> {
    const ids = opts.machine ? [(await this.fleet.getMachine(opts.machine)).id] : await this.repo.machinesMissing();
    const total = opts.machine ? await this.repo.missingCount(ids[0]) : await this.repo.missingCount();
    let done = 0;
    let machines = 0;
    for (const id of ids) {
      let stored = 0;
      for (let n = await this.repo.backfill(id, BATCH); n > 0; n = await this.repo.backfill(id, BATCH)) {
        stored += n;
        done += n;
        progress?.(Math.min(done, total), total);
      }
      if (stored > 0) machines++;
    }
    return { rollups: done, machines, remaining: await this.repo.missingCount(opts.machine ? ids[0] : undefined) };
  }
}
