import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, MoreThan } from 'typeorm';
import { authErrors } from '@fleetgate/auth';
import { Actor, ISO_TIME_HINT, parseIsoTime, siteScope } from '@fleetgate/common';
import { FleetService, MachineEntity } from '@fleetgate/fleet';
import { iso } from '../query.util';
import { scoringErrors } from '../scoring.exception';
import { MaintenanceWindowEntity } from './maintenance-window.entity';

export interface MaintenanceInput {
  assetId?: string;
  site?: string;
  line?: string;
  from: string;
  to: string;
  reason: string;
}

export interface MaintenanceView {
  id: string;
  assetId: string | null;
  site: string;
  line: string | null;
  from: string;
  to: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/** Planned-maintenance windows for a machine or a whole line: alarms raised inside them are recorded, not raised. */
@Injectable()
export class MaintenanceService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly fleet: FleetService,
  ) {}

  async create(actor: Actor, input: MaintenanceInput): Promise<MaintenanceView> {
    const time = (field: 'from' | 'to', text: string) => {
      const t = parseIsoTime(text);
      if (t === null) throw scoringErrors.invalid(field, `not ${ISO_TIME_HINT}: "${text}"`);
      return t;
    };
    const fromMs = time('from', input.from);
    const toMs = time('to', input.to);
    if (!(toMs > fromMs)) throw scoringErrors.invalid('to', 'must be after from');
    if (!input.assetId && !(input.site && input.line)) throw scoringErrors.invalid('assetId', 'give an assetId, or a site and a line');
    if (input.assetId && (input.site || input.line)) throw scoringErrors.invalid('assetId', 'give an assetId or a site and a line, not both');
    let machineId: string | null = null;
    let lineId: string | null = null;
    if (input.assetId) machineId = (await this.fleet.getMachine(input.assetId, actor)).id;
    else {
      const scope = siteScope(actor);
      if (scope && !scope.includes(input.site!)) throw authErrors.wrongSite(input.site!);
      const onLine = (await this.fleet.listMachines({ sites: [input.site!] }, actor)).find((m) => m.line?.name === input.line);
      if (!onLine) throw scoringErrors.unknownLine(input.site!, input.line!);
      lineId = onLine.lineId;
    }
    const row = Object.assign(new MaintenanceWindowEntity(), {
      id: randomUUID(),
      machineId,
      lineId,
      fromMs,
      toMs,
      reason: input.reason,
      createdBy: actor.name,
      createdAt: Date.now(),
    });
    await this.ds.getRepository(MaintenanceWindowEntity).insert(row);
    return (await this.views([row], actor))[0];
  }

  /** Windows ending after `sinceMs` (default: all) on machines or lines the actor may see. */
  async list(actor: Actor, q: { site?: string; sinceMs?: number }): Promise<MaintenanceView[]> {
    const scope = siteScope(actor);
    if (q.site && scope && !scope.includes(q.site)) throw authErrors.wrongSite(q.site);
    const machines = await this.fleet.listMachines(q.site ? { sites: [q.site] } : {}, actor);
    const rows = await this.ds.getRepository(MaintenanceWindowEntity).find({
      where: q.sinceMs !== undefined ? { toMs: MoreThan(q.sinceMs) } : {},
      order: { fromMs: 'ASC' },
    });
    return this.views(rows, actor, machines);
  }

  private async views(rows: MaintenanceWindowEntity[], actor: Actor, known?: MachineEntity[]): Promise<MaintenanceView[]> {
    const machines = known ?? (await this.fleet.listMachines({}, actor));
    const byId = new Map(machines.map((m) => [m.id, m]));
    const lineOf = new Map(machines.filter((m) => m.lineId).map((m) => [m.lineId!, m]));
    const out: MaintenanceView[] = [];
    for (const r of rows) {
      const m = r.machineId ? byId.get(r.machineId) : r.lineId ? lineOf.get(r.lineId) : undefined;
      if (!m) continue; // another site's window
      out.push({
        id: r.id,
        assetId: r.machineId ? m.assetId : null,
        site: m.site.name,
        line: m.line?.name ?? null,
        from: iso(r.fromMs)!,
        to: iso(r.toMs)!,
        reason: r.reason,
        createdBy: r.createdBy,
        createdAt: iso(r.createdAt)!,
      });
    }
    return out;
  }
}
