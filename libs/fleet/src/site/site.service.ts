import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, siteScope } from '@fleetgate/common';
import { AuditService } from '@fleetgate/audit';
import { isUniqueViolation } from '@fleetgate/db';
import { fleetErrors } from '../fleet.exception';
import { FleetRow, NAME_PATTERN, NAME_RULE } from '../fleet-file/fleet-row';
import { FleetRepository } from '../machine/fleet.repository';
import { LineEntity } from './line.entity';
import { SiteEntity } from './site.entity';

export interface Places {
  siteId: Map<string, string>;
  /** lineKey(site, line) → line id */
  lineId: Map<string, string>;
  sitesCreated: string[];
  /** `site/line` */
  linesCreated: string[];
}

export interface SiteOverview {
  site: SiteEntity;
  lines: LineEntity[];
  machineCount: number;
}

export const lineKey = (site: string, line: string): string => `${site}\n${line}`;

function checkName(field: string, name: string): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (!NAME_PATTERN.test(n)) throw fleetErrors.invalidName(field, NAME_RULE);
  return n;
}

@Injectable()
export class SiteService {
  constructor(
    private readonly repo: FleetRepository,
    private readonly audit: AuditService,
  ) {}

  async createSite(name: string, actor: string): Promise<SiteEntity> {
    const site: SiteEntity = { id: randomUUID(), name: checkName('name', name), createdAt: Date.now() };
    try {
      await this.repo.transaction(async (m) => {
        await m.getRepository(SiteEntity).insert(site);
        await this.audit.append({ actor, action: 'site.created', subject: `site:${site.name}` }, m);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw fleetErrors.siteExists(site.name);
      throw error;
    }
    return site;
  }

  async createLine(siteName: string, name: string, actor: string): Promise<LineEntity & { site: SiteEntity }> {
    const lineName = checkName('name', name);
    const [site] = await this.repo.sitesByName([siteName]);
    if (!site) throw fleetErrors.siteNotFound(siteName);
    const line: LineEntity = { id: randomUUID(), siteId: site.id, name: lineName, createdAt: Date.now() };
    try {
      await this.repo.transaction(async (m) => {
        await m.getRepository(LineEntity).insert(line);
        await this.audit.append({ actor, action: 'line.created', subject: `line:${site.name}/${lineName}` }, m);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw fleetErrors.lineExists(site.name, lineName);
      throw error;
    }
    return { ...line, site };
  }

  /** Sites with their lines and machine counts; a plant manager sees only their own. */
  async listSites(actor?: Actor): Promise<SiteOverview[]> {
    const scope = actor ? siteScope(actor) : null;
    const sites = await this.repo.listSites(scope ?? undefined);
    const lines = await this.repo.linesOfSites(sites.map((s) => s.id));
    const counts = await this.repo.machineCounts();
    return sites.map((site) => ({ site, lines: lines.filter((l) => l.siteId === site.id), machineCount: counts.get(site.id) ?? 0 }));
  }

  /**
   * The site and line ids the rows name, creating the missing ones when `create` (imports)
   * or refusing them (a single machine goes into an existing site and line).
   * Race-safe: inserts skip a name another writer has just created, everything is re-read,
   * and only rows carrying our own new ids count as created.
   */
  async resolvePlaces(rows: readonly FleetRow[], m: EntityManager, create: boolean, now: number): Promise<Places> {
    const siteNames = [...new Set(rows.map((r) => r.site))].sort();
    let sites = await this.repo.sitesByName(siteNames, m);
    const sitesCreated: string[] = [];
    const missingSites = siteNames.filter((n) => !sites.some((s) => s.name === n));
    if (missingSites.length) {
      if (!create) throw fleetErrors.unknownSite(missingSites[0]);
      const fresh: SiteEntity[] = missingSites.map((name) => ({ id: randomUUID(), name, createdAt: now }));
      await this.repo.insertIgnoring(SiteEntity, fresh, m);
      sites = await this.repo.sitesByName(siteNames, m);
      const ours = new Set(fresh.map((f) => f.id));
      sitesCreated.push(...sites.filter((s) => ours.has(s.id)).map((s) => s.name));
    }
    const siteId = new Map(sites.map((s) => [s.name, s.id]));

    const wanted = new Map<string, { site: string; line: string }>();
    for (const r of rows) if (r.line) wanted.set(lineKey(r.site, r.line), { site: r.site, line: r.line });
    const lineId = new Map<string, string>();
    const linesCreated: string[] = [];
    if (wanted.size === 0) return { siteId, lineId, sitesCreated, linesCreated };

    const siteName = new Map(sites.map((s) => [s.id, s.name]));
    const load = async () => {
      for (const l of await this.repo.linesOfSites([...siteId.values()], m)) lineId.set(lineKey(siteName.get(l.siteId)!, l.name), l.id);
    };
    await load();
    // Sorted, like the sites, so concurrent importers take row locks in the same order.
    const missing = [...wanted]
      .filter(([key]) => !lineId.has(key))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, v]) => v);
    if (missing.length) {
      if (!create) throw fleetErrors.unknownLine(missing[0].site, missing[0].line);
      const fresh: LineEntity[] = missing.map((p) => ({ id: randomUUID(), siteId: siteId.get(p.site)!, name: p.line, createdAt: now }));
      await this.repo.insertIgnoring(LineEntity, fresh, m);
      await load();
      const ours = new Set(fresh.map((f) => f.id));
      for (const p of missing) if (ours.has(lineId.get(lineKey(p.site, p.line))!)) linesCreated.push(`${p.site}/${p.line}`);
    }
    return { siteId, lineId, sitesCreated, linesCreated };
  }
}
