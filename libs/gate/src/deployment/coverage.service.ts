import { Injectable } from '@nestjs/common';
import { authErrors } from '@fleetgate/auth';
import { Actor, siteScope } from '@fleetgate/common';
import { ageBand, THRESHOLDS } from '@fleetgate/evaluation';
import { FleetService } from '@fleetgate/fleet';
import { buildCoverage, FleetCoverage, ProductionAssignment } from '../coverage/coverage.util';
import { GateRepository } from '../gate.repository';
import { decodePinnedBaseline } from './deployment-pin.util';
import { DeploymentEntity } from './deployment.entity';
import { DeploymentRepository } from './deployment.repository';

/** Which production version serves each machine the caller may see (with its pins, or suspended), and which machines nothing validated covers. */
@Injectable()
export class CoverageService {
  constructor(
    private readonly fleet: FleetService,
    private readonly deployments: DeploymentRepository,
    private readonly repo: GateRepository,
  ) {}

  async coverage(actor: Actor, site?: string): Promise<FleetCoverage> {
    const allowed = siteScope(actor);
    if (site && allowed && !allowed.includes(site)) throw authErrors.wrongSite(site);
    const machines = await this.fleet.listMachines(site ? { sites: [site] } : {}, actor);
    const visible = new Set(machines.map((m) => m.id));
    const rows = await this.servingRows((await this.deployments.activeProduction()).filter((d) => visible.has(d.machineId)));
    const versions = new Map((await this.repo.versionsByIds([...new Set(rows.map((d) => d.modelVersionId))])).map((v) => [v.id, v]));
    const owners = new Map((await this.repo.promotionsByIds([...new Set(rows.map((d) => d.promotionId))])).map((p) => [p.id, p.owner]));
    const assignments: ProductionAssignment[] = rows.map((d) => ({
      machineId: d.machineId,
      model: versions.get(d.modelVersionId)?.model ?? d.modelId,
      version: versions.get(d.modelVersionId)?.version ?? 0,
      modelVersionId: d.modelVersionId,
      promotionId: d.promotionId,
      evidenceRunId: d.evidenceRunId,
      owner: owners.get(d.promotionId) ?? null,
      since: d.createdAt,
      baseline: decodePinnedBaseline(d.baseline),
      threshold: d.threshold,
      thresholdMode: d.thresholdMode,
      suspendedAt: d.suspendedAt,
      suspendedReason: d.suspendedReason,
      ...(d.fallbackReason ? { fallbackReason: d.fallbackReason } : {}),
    }));
    const now = Date.now();
    const bands = [...THRESHOLDS.defaultAgeBands];
    return buildCoverage(
      machines.map((m) => ({
        machineId: m.id,
        assetId: m.assetId,
        site: m.site.name,
        line: m.line?.name ?? null,
        machineModel: m.machineModel,
        ageBand: ageBand(this.fleet.ageYears(m, now), bands),
      })),
      assignments,
    );
  }

  /**
   * A row a guard demoted to the version it replaced is served by that version (see the gate
   * README, "Guards"): the machine is covered by it, with its pins, and says why.
   */
  private async servingRows(rows: DeploymentEntity[]): Promise<Array<DeploymentEntity & { fallbackReason?: string }>> {
    const out: Array<DeploymentEntity & { fallbackReason?: string }> = [];
    for (const d of rows) {
      const fallback = d.suspensionKind === 'guard' && d.fallbackDeploymentId ? await this.deployments.byId(d.fallbackDeploymentId) : null;
      out.push(fallback ? { ...fallback, fallbackReason: d.suspendedReason ?? 'demoted by a guard' } : d);
    }
    return out;
  }
}
