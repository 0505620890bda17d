import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { authErrors } from '@fleetgate/auth';
import { Actor, siteScope } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { GateRepository } from '../gate.repository';
import { DeploymentEntity, SuspensionKind } from './deployment.entity';
import { DeploymentRepository } from './deployment.repository';

/** One active deployment (staging or production) as `GET /api/deployments` and `fleetgate deployments list` show it. */
export interface DeploymentListItem {
  id: string;
  assetId: string;
  site: string;
  model: string;
  version: number;
  stage: 'staging' | 'production';
  since: string;
  suspended: boolean;
  suspensionKind: SuspensionKind | null;
  suspendedReason: string | null;
  suspendedAt: string | null;
  /** For a guard demotion: the rule that breached, its value and limit. */
  guardRule: string | null;
  guardValue: number | null;
  guardLimit: number | null;
  fallbackDeploymentId: string | null;
}

/** Active deployments on the machines the caller may see (plant managers: their sites). */
@Injectable()
export class DeploymentListService {
  constructor(
    private readonly fleet: FleetService,
    private readonly deployments: DeploymentRepository,
    private readonly repo: GateRepository,
  ) {}

  async list(actor: Actor, filter: { machine?: string; site?: string; suspended?: boolean } = {}): Promise<DeploymentListItem[]> {
    const allowed = siteScope(actor);
    if (filter.site && allowed && !allowed.includes(filter.site)) throw authErrors.wrongSite(filter.site);
    let machines = await this.fleet.listMachines(filter.site ? { sites: [filter.site] } : {}, actor);
    if (filter.machine) machines = machines.filter((m) => m.assetId === filter.machine || m.id === filter.machine);
    const byId = new Map(machines.map((m) => [m.id, m]));
    const rows: DeploymentEntity[] = [];
    const ids = [...byId.keys()];
    for (let i = 0; i < ids.length; i += 1000)
      rows.push(
        ...(await this.deployments.dataSource.getRepository(DeploymentEntity).find({ where: { machineId: In(ids.slice(i, i + 1000)), active: true } })),
      );
    const shown = rows.filter((d) => filter.suspended === undefined || (d.suspendedAt !== null) === filter.suspended);
    const versions = new Map((await this.repo.versionsByIds([...new Set(shown.map((d) => d.modelVersionId))])).map((v) => [v.id, v]));
    return shown
      .map((d): DeploymentListItem => {
        const m = byId.get(d.machineId)!;
        return {
          id: d.id,
          assetId: m.assetId,
          site: m.site.name,
          model: versions.get(d.modelVersionId)?.model ?? d.modelId,
          version: versions.get(d.modelVersionId)?.version ?? 0,
          stage: d.stage,
          since: new Date(d.createdAt).toISOString(),
          suspended: d.suspendedAt !== null,
          suspensionKind: d.suspendedAt !== null ? d.suspensionKind : null,
          suspendedReason: d.suspendedReason,
          suspendedAt: d.suspendedAt === null ? null : new Date(d.suspendedAt).toISOString(),
          guardRule: d.guardRule,
          guardValue: d.guardValue,
          guardLimit: d.guardLimit,
          fallbackDeploymentId: d.fallbackDeploymentId,
        };
      })
      .sort((a, b) => a.assetId.localeCompare(b.assetId) || a.model.localeCompare(b.model) || a.stage.localeCompare(b.stage));
  }
}
