import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '@fleetgate/audit';
import { authErrors } from '@fleetgate/auth';
import { Actor, Role } from '@fleetgate/common';
import { isLockConflict, isUniqueViolation } from '@fleetgate/db';
import { fleetErrors } from '../fleet.exception';
import { FleetService } from '../machine/fleet.service';
import { checkBaselinePeriod } from './baseline-period.util';
import { MachineBaselineEntity } from './machine-baseline.entity';
import { MachineBaselineRepository } from './machine-baseline.repository';

/** Who may give a machine a new baseline: it changes what the machine's alarms are measured against. */
export const BASELINE_SETTERS: readonly Role[] = ['reliability-engineer', 'admin'];

/** One explicit baseline version as the api and the CLI show it. */
export interface MachineBaseline {
  machineId: string;
  assetId: string;
  version: number;
  fromMs: number;
  toMs: number;
  from: string;
  to: string;
  note: string;
  createdBy: string;
  createdAt: string;
}

/** What the evaluator needs of the newest explicit baseline. */
export interface ExplicitBaseline {
  version: number;
  fromMs: number;
  toMs: number;
}

/**
 * Work another lib does in the same transaction as the new baseline (the gate suspends the
 * machine's deployments); what it returns is added to the audit event and to the result.
 */
export type WithinBaselineSet<T extends Record<string, unknown>> = (m: EntityManager, baseline: MachineBaseline & { createdAtMs: number }) => Promise<T>;

export interface BaselineSetResult<T> {
  baseline: MachineBaseline;
  effects: T;
}

function view(row: MachineBaselineEntity, assetId: string): MachineBaseline {
  return {
    machineId: row.machineId,
    assetId,
    version: row.version,
    fromMs: row.fromMs,
    toMs: row.toMs,
    from: new Date(row.fromMs).toISOString(),
    to: new Date(row.toMs).toISOString(),
    note: row.note,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Explicit baseline periods per machine: versioned, audited, never rewritten. */
@Injectable()
export class MachineBaselineService {
  private readonly logger = new Logger(MachineBaselineService.name);

  constructor(
    private readonly repo: MachineBaselineRepository,
    private readonly fleet: FleetService,
    private readonly audit: AuditService,
  ) {}

  /** The newest explicit baseline of a machine (by machine id), or null when it has none (the automatic baseline applies). */
  async latestExplicit(machineId: string): Promise<ExplicitBaseline | null> {
    const row = await this.repo.latest(machineId);
    return row ? { version: row.version, fromMs: row.fromMs, toMs: row.toMs } : null;
  }

  /**
   * The newest explicit baseline of each of these machines that has one, with when it was set
   * (epoch ms) and by whom. Inside the caller's transaction `m`, with `lock`, the machine rows are
   * share-locked first, so no baseline of theirs can be set until the caller commits (the gate
   * uses this before it writes deployments, so a deployment never misses a concurrent reset).
   */
  async latestExplicitOf(
    machineIds: string[],
    m?: EntityManager,
    lock = false,
  ): Promise<Map<string, ExplicitBaseline & { createdAt: number; createdBy: string }>> {
    if (lock && m) await this.repo.shareLockMachines(machineIds, m);
    const rows = await this.repo.latestOf(machineIds, m);
    return new Map(rows.map((r) => [r.machineId, { version: r.version, fromMs: r.fromMs, toMs: r.toMs, createdAt: r.createdAt, createdBy: r.createdBy }]));
  }

  /** Every version of a machine's explicit baseline, oldest first (by id or asset id; a plant manager only for their sites: otherwise the same 404 as an unknown machine). */
  async list(idOrAssetId: string, actor?: Actor): Promise<MachineBaseline[]> {
    const machine = await this.fleet.getMachine(idOrAssetId, actor);
    return (await this.repo.list(machine.id)).map((r) => view(r, machine.assetId));
  }

  /**
   * Gives the machine a new explicit baseline as its next version, audited
   * (`machine.baseline-set`), in one transaction with `within` (the gate suspends the machine's
   * production deployments there). Reliability engineers and admins only; the period is checked
   * first (400 naming each field), then the machine (404).
   */
  async set<T extends Record<string, unknown>>(
    idOrAssetId: string,
    input: { from?: unknown; to?: unknown; note?: unknown },
    actor: Actor,
    within?: WithinBaselineSet<T>,
  ): Promise<BaselineSetResult<T>> {
    if (!BASELINE_SETTERS.includes(actor.role)) throw authErrors.wrongRole(actor.role, BASELINE_SETTERS);
    const now = Date.now();
    const { period, errors } = checkBaselinePeriod(input, now);
    if (!period) throw fleetErrors.invalidBaseline(errors);
    const machine = await this.fleet.getMachine(idOrAssetId, actor);
    try {
      const result = await this.repo.transaction(async (m) => {
        await this.repo.lockMachine(machine.id, m);
        const row = Object.assign(new MachineBaselineEntity(), {
          id: randomUUID(),
          machineId: machine.id,
          version: (await this.repo.maxVersion(machine.id, m)) + 1,
          fromMs: period.fromMs,
          toMs: period.toMs,
          note: period.note,
          createdBy: actor.name,
          createdAt: now,
        });
        await this.repo.insert(row, m);
        const baseline = view(row, machine.assetId);
        const effects = within ? await within(m, { ...baseline, createdAtMs: now }) : ({} as T);
        await this.audit.append(
          {
            actor: actor.name,
            action: 'machine.baseline-set',
            subject: `machine:${machine.assetId}`,
            payload: {
              machineId: machine.id,
              assetId: machine.assetId,
              version: row.version,
              from: baseline.from,
              to: baseline.to,
              fromMs: row.fromMs,
              toMs: row.toMs,
              note: row.note,
              role: actor.role,
              ...effects,
            },
          },
          m,
        );
        return { baseline, effects };
      });
      this.logger.log({ msg: 'baseline set', machineId: machine.id, version: result.baseline.version });
      return result;
    } catch (error) {
      if (isUniqueViolation(error) || isLockConflict(error)) throw fleetErrors.baselineConflict(machine.assetId);
      throw error;
    }
  }
}
