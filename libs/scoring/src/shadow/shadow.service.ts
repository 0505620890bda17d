import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, DAY_MS } from '@fleetgate/common';
import { FleetService, MachineEntity } from '@fleetgate/fleet';
import { ModelVersionService } from '@fleetgate/registry';
import { TelemetryService } from '@fleetgate/telemetry';
import { AlarmAgreement, alarmsBeforeFailures, AlarmsBeforeFailures, countAgreement, spearman, sumAgreement } from './shadow-agreement.util';
import { ShadowEntity, ShadowScoreEntity } from './shadow.entity';
import { shadowErrors } from './shadow.exception';
import { ShadowRepository } from './shadow.repository';

export interface ShadowStartInput {
  candidateVersionId: string;
  machineIds?: string[];
  assetIds?: string[];
}

export interface ShadowMachineReport extends AlarmAgreement {
  machineId: string;
  assetId: string;
  machineModel: string;
  site: string;
  /** Spearman's rank correlation of the two versions' scores on the compared windows. */
  rankCorrelation: number | null;
  failures: AlarmsBeforeFailures;
}

export interface ShadowSegmentReport extends AlarmAgreement {
  machineModel: string;
  site: string;
  machines: number;
  rankCorrelation: number | null;
  failures: AlarmsBeforeFailures;
}

export interface ShadowView {
  id: string;
  candidateVersionId: string;
  machineIds: string[];
  createdBy: string;
  createdAt: string;
  stoppedAt: string | null;
  /** Days from start to stop (or now). */
  days: number;
  overall: AlarmAgreement & { rankCorrelation: number | null; failures: AlarmsBeforeFailures };
  machines: ShadowMachineReport[];
  segments: ShadowSegmentReport[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Starts, reports and stops shadows; the worker's ShadowScorer fills their windows. */
@Injectable()
export class ShadowService {
  constructor(
    private readonly repo: ShadowRepository,
    private readonly fleet: FleetService,
    private readonly versions: ModelVersionService,
    private readonly telemetry: TelemetryService,
  ) {}

  async start(input: ShadowStartInput, actor: Actor): Promise<ShadowView> {
    if (typeof input.candidateVersionId !== 'string' || !input.candidateVersionId) throw shadowErrors.invalid('candidateVersionId', 'a model version id');
    const refs = input.machineIds?.length ? input.machineIds : input.assetIds;
    const field = input.machineIds?.length ? 'machineIds' : 'assetIds';
    if (!refs?.length) throw shadowErrors.invalid('machineIds', 'machineIds or assetIds: at least one machine');
    if (input.machineIds?.length && input.assetIds?.length) throw shadowErrors.invalid('assetIds', 'send machineIds or assetIds, not both');
    try {
      await this.versions.entity(input.candidateVersionId);
    } catch {
      throw shadowErrors.invalid('candidateVersionId', `model version ${input.candidateVersionId} not found`);
    }
    const machines: MachineEntity[] = [];
    for (const ref of [...new Set(refs)]) {
      try {
        machines.push(await this.fleet.getMachine(ref, actor));
      } catch {
        throw shadowErrors.invalid(field, `machine ${ref} not found`);
      }
    }
    const ids = machines.map((m) => m.id).sort();
    const busy = (await this.repo.runningOf(input.candidateVersionId)).flatMap((s) => JSON.parse(s.machineIds) as string[]).filter((id) => ids.includes(id));
    if (busy.length) throw shadowErrors.alreadyShadowing(machines.filter((m) => busy.includes(m.id)).map((m) => m.assetId));
    const shadow = Object.assign(new ShadowEntity(), {
      id: randomUUID(),
      modelVersionId: input.candidateVersionId,
      machineIds: JSON.stringify(ids),
      createdBy: actor.name,
      createdAt: Date.now(),
      stoppedAt: null,
    });
    await this.repo.create(shadow);
    return this.report(shadow.id);
  }

  async stop(id: string): Promise<ShadowView> {
    if (!(await this.repo.find(id))) throw shadowErrors.notFound(id);
    if (!(await this.repo.stop(id, Date.now()))) throw shadowErrors.alreadyStopped(id);
    return this.report(id);
  }

  async report(id: string): Promise<ShadowView> {
    const shadow = await this.repo.find(id);
    if (!shadow) throw shadowErrors.notFound(id);
    const machineIds = JSON.parse(shadow.machineIds) as string[];
    const scores = await this.repo.scoresOf(id);
    const byMachine = new Map<string, ShadowScoreEntity[]>(machineIds.map((m) => [m, []]));
    for (const s of scores) byMachine.get(s.machineId)?.push(s);
    // The candidate's horizon decides which alarms count as raised before a failure (read once: load verifies the bytes).
    const horizonMs = scores.length ? (await this.versions.load(shadow.modelVersionId)).horizonMs : 0;
    const machines: ShadowMachineReport[] = [];
    for (const [machineId, rows] of byMachine) {
      const machine = await this.fleet.getMachine(machineId);
      const windows = rows.map((r) => ({
        windowEndMs: r.windowEndMs,
        productionScore: r.productionScore,
        candidateScore: r.candidateScore,
        productionAlarm: r.productionAlarm,
        candidateAlarm: r.candidateAlarm,
      }));
      // Failures within the compared span (and the horizon-long look-back the counting uses).
      const failures = rows.length
        ? (await this.telemetry.labelEvents(machineId, rows[0].windowEndMs, rows[rows.length - 1].windowEndMs))
            .filter((e) => e.kind === 'failure')
            .map((e) => e.ts)
        : [];
      machines.push({
        machineId,
        assetId: machine.assetId,
        machineModel: machine.machineModel,
        site: machine.site.name,
        ...countAgreement(windows),
        rankCorrelation: spearman(
          windows.map((w) => w.productionScore),
          windows.map((w) => w.candidateScore),
        ),
        failures: alarmsBeforeFailures(windows, failures, horizonMs),
      });
    }
    machines.sort((a, b) => (a.assetId < b.assetId ? -1 : 1));
    const segments = new Map<string, ShadowMachineReport[]>();
    for (const m of machines) {
      const key = `${m.machineModel}\u0000${m.site}`;
      if (!segments.has(key)) segments.set(key, []);
      segments.get(key)!.push(m);
    }
    const allRows = (list: ShadowMachineReport[]) => scores.filter((s) => list.some((m) => m.machineId === s.machineId));
    const sumFailures = (list: ShadowMachineReport[]) => ({
      failures: list.reduce((n, m) => n + m.failures.failures, 0),
      production: list.reduce((n, m) => n + m.failures.production, 0),
      candidate: list.reduce((n, m) => n + m.failures.candidate, 0),
    });
    const correlation = (rows: ShadowScoreEntity[]) =>
      spearman(
        rows.map((r) => r.productionScore),
        rows.map((r) => r.candidateScore),
      );
    const end = shadow.stoppedAt ?? Date.now();
    return {
      id: shadow.id,
      candidateVersionId: shadow.modelVersionId,
      machineIds,
      createdBy: shadow.createdBy,
      createdAt: iso(shadow.createdAt),
      stoppedAt: shadow.stoppedAt === null ? null : iso(shadow.stoppedAt),
      days: (end - shadow.createdAt) / DAY_MS,
      overall: { ...sumAgreement(machines), rankCorrelation: correlation(scores), failures: sumFailures(machines) },
      machines,
      segments: [...segments.values()].map((list) => ({
        machineModel: list[0].machineModel,
        site: list[0].site,
        machines: list.length,
        ...sumAgreement(list),
        rankCorrelation: correlation(allRows(list)),
        failures: sumFailures(list),
      })),
    };
  }
}
