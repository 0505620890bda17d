import { Injectable } from '@nestjs/common';
import { Actor } from '@fleetgate/common';
import { MachineBaseline, MachineBaselineService } from '@fleetgate/fleet';
import { GateRepository } from '../gate.repository';
import { baselineResetReason } from './deployment-pin.util';
import { DeploymentRepository } from './deployment.repository';

/** A production deployment a new baseline suspended. */
export interface SuspendedDeployment {
  deploymentId: string;
  model: string;
  version: number;
  modelVersionId: string;
  promotionId: string;
}

export interface BaselineReset {
  baseline: MachineBaseline;
  /** The machine's production deployments, now suspended until a promotion re-evaluated on it replaces them. */
  suspended: SuspendedDeployment[];
  /** The reason written on them; null when the machine had no production deployment. */
  suspendedReason: string | null;
}

/**
 * A new explicit baseline for a machine (after an overhaul): the fleet stores the next version
 * and audits it (`machine.baseline-set`), and in the same transaction the gate suspends every
 * active production deployment of the machine — the alarms it raises were calibrated on the
 * machine as it was. The rows stay `active` (rollback and the consistency check are unchanged);
 * coverage shows the machine `suspended` with the reason until a promotion whose evidence
 * evaluated it since replaces them (see `suspensionAfterApproval`).
 */
@Injectable()
export class BaselineResetService {
  constructor(
    private readonly baselines: MachineBaselineService,
    private readonly deployments: DeploymentRepository,
    private readonly repo: GateRepository,
  ) {}

  async set(idOrAssetId: string, input: { from?: unknown; to?: unknown; note?: unknown }, actor: Actor): Promise<BaselineReset> {
    let reason = '';
    const { baseline, effects } = await this.baselines.set(idOrAssetId, input, actor, async (m, b) => {
      reason = baselineResetReason(b, actor.name);
      const rows = await this.deployments.suspendActiveProduction(b.machineId, b.createdAtMs, reason, m);
      return {
        suspendedDeployments: rows.map((d) => ({ deploymentId: d.id, modelVersionId: d.modelVersionId, promotionId: d.promotionId })),
        suspendedReason: reason,
      };
    });
    const versions = new Map((await this.repo.versionsByIds([...new Set(effects.suspendedDeployments.map((d) => d.modelVersionId))])).map((v) => [v.id, v]));
    const suspended = effects.suspendedDeployments.map((d) => ({
      ...d,
      model: versions.get(d.modelVersionId)?.model ?? '',
      version: versions.get(d.modelVersionId)?.version ?? 0,
    }));
    return { baseline, suspended, suspendedReason: suspended.length ? reason : null };
  }
}
