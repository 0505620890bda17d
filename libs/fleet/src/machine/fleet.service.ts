import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, ErrorDetail, sha256Hex, siteScope } from '@fleetgate/common';
import { AuditService } from '@fleetgate/audit';
import { isUniqueViolation } from '@fleetgate/db';
import { fleetErrors } from '../fleet.exception';
import { FleetFileFormat, parseFleetFile } from '../fleet-file/fleet-file.util';
import { FleetRow } from '../fleet-file/fleet-row';
import { checkFleetRows } from '../fleet-file/fleet-row-validation.util';
import { lineKey, Places, SiteService } from '../site/site.service';
import { FleetRepository } from './fleet.repository';
import { ageInYears, commissioningBounds } from './machine-age.util';
import { MachineEntity } from './machine.entity';

export interface FleetImportResult {
  created: number;
  sitesCreated: number;
  linesCreated: number;
}

/** What a site-limited actor may see of the fleet. */
export interface VisibleMachines {
  ids: ReadonlySet<string>;
  assetIds: ReadonlySet<string>;
}

export interface MachineFilter {
  sites?: string[];
  machineModels?: string[];
  minAgeYears?: number;
  maxAgeYears?: number;
  assetIds?: string[];
  limit?: number;
  offset?: number;
  /** The instant ages are measured at (default now), e.g. the end of an evaluation window. */
  atMs?: number;
}

const MAX_AGE_FILTER = 500;

/** sha256 of the sorted asset ids, one per line: names the exact set in the audit log without listing 400 ids. */
export function assetIdsHash(assetIds: readonly string[]): string {
  return sha256Hex([...assetIds].sort().join('\n'));
}

/** Rows of a fleet file: the readable ones plus those only its parse errors name. */
function rowCount(rows: readonly FleetRow[], parseErrors: readonly ErrorDetail[]): number {
  const located = new Set(rows.map((r) => r.sourceLine ?? r.sourceRow));
  const unreadable = new Set(parseErrors.map((e) => e.line ?? e.row).filter((at) => at === undefined || !located.has(at)));
  return rows.length + unreadable.size;
}

function byLocation(a: ErrorDetail, b: ErrorDetail): number {
  return (a.line ?? a.row ?? -1) - (b.line ?? b.row ?? -1);
}

@Injectable()
export class FleetService {
  private readonly logger = new Logger(FleetService.name);

  constructor(
    private readonly repo: FleetRepository,
    private readonly sites: SiteService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Registers a whole fleet: every row is checked first and, if any is bad, nothing is
   * written and the error lists each bad row and field. A good fleet goes in one
   * transaction with one `fleet.imported` audit event.
   */
  importFleet(rows: FleetRow[], actor: string): Promise<FleetImportResult> {
    return this.importChecked(rows, [], actor);
  }

  /** Parses a fleet file (CSV or JSON) and imports it; unreadable rows are listed with the invalid ones. */
  importFleetFile(content: string, format: FleetFileFormat, actor: string): Promise<FleetImportResult> {
    const parsed = parseFleetFile(content, format);
    return this.importChecked(parsed.rows, parsed.errors, actor);
  }

  /** One machine into an existing site (and line); audited `machine.created`. */
  async createMachine(row: FleetRow, actor: string): Promise<MachineEntity> {
    const good = await this.check([row], [], true);
    try {
      await this.repo.transaction(async (m) => {
        const places = await this.sites.resolvePlaces(good, m, false, Date.now());
        await this.repo.insertMachines(
          good.map((r) => this.toEntity(r, places)),
          m,
        );
        await this.audit.append({ actor, action: 'machine.created', subject: `machine:${good[0].assetId}`, payload: { site: good[0].site } }, m);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw fleetErrors.machineExists([good[0].assetId]);
      throw error;
    }
    return (await this.findByAssetId(good[0].assetId))!;
  }

  /**
   * For importers and the simulator: creates the machines (and sites/lines) that do not
   * exist yet, leaves existing ones exactly as they are, and returns all of them in input
   * order. Safe against a concurrent caller creating the same machines. Audited
   * (`fleet.machines-ensured`) only when something was created.
   */
  async ensureMachines(rows: FleetRow[], actor: string): Promise<MachineEntity[]> {
    const good = await this.check(rows, [], false);
    const ids = good.map((r) => r.assetId);
    const existing = await this.repo.existingAssetIds(ids);
    const missing = good.filter((r) => !existing.has(r.assetId));
    if (missing.length) {
      await this.repo.transaction(async (m) => {
        const places = await this.sites.resolvePlaces(missing, m, true, Date.now());
        // Inserted in asset-id order so two concurrent callers lock rows in the same order (no deadlock).
        const fresh = missing.map((r) => this.toEntity(r, places)).sort((x, y) => (x.assetId < y.assetId ? -1 : 1));
        await this.repo.insertMachines(fresh, m, true);
        const ours = new Set(fresh.map((f) => f.id));
        const created = (
          await this.repo.machinesByAssetIds(
            missing.map((r) => r.assetId),
            m,
          )
        )
          .filter((x) => ours.has(x.id))
          .map((x) => x.assetId);
        if (created.length || places.sitesCreated.length || places.linesCreated.length) {
          await this.audit.append({ actor, action: 'fleet.machines-ensured', subject: 'fleet', payload: this.summary(created, places) }, m);
        }
      });
    }
    const byAsset = new Map((await this.repo.machinesByAssetIds(ids)).map((x) => [x.assetId, x]));
    return ids.map((id) => byAsset.get(id)!);
  }

  findByAssetId(assetId: string): Promise<MachineEntity | null> {
    return this.repo.findMachine({ assetId });
  }

  findById(id: string): Promise<MachineEntity | null> {
    return this.repo.findMachine({ id });
  }

  /**
   * By id or asset id; 404 when unknown, and the same 404 when the actor may not see its site
   * (a 403 would tell a plant manager that the asset exists elsewhere).
   */
  async getMachine(idOrAssetId: string, actor?: Actor): Promise<MachineEntity> {
    // One query for either key (the console asks by asset id: two lookups cost a round trip each); an id match wins.
    const found = await this.repo.findMachinesByKey(idOrAssetId);
    const machine = found.find((m) => m.id === idOrAssetId) ?? found[0];
    const scope = actor ? siteScope(actor) : null;
    if (!machine || (scope && !scope.includes(machine.site.name))) throw fleetErrors.machineNotFound(idOrAssetId);
    return machine;
  }

  /**
   * The machines a site-limited actor may see (ids and asset ids), or null when the actor sees
   * the whole fleet. Routes that return stored results (evaluations, promotions) filter by it.
   */
  async visibleMachines(actor: Actor): Promise<VisibleMachines | null> {
    if (siteScope(actor) === null) return null;
    const machines = await this.listMachines({}, actor);
    return { ids: new Set(machines.map((m) => m.id)), assetIds: new Set(machines.map((m) => m.assetId)) };
  }

  /** Machines ordered by asset id; a plant manager only ever gets machines of their sites. */
  listMachines(filter: MachineFilter = {}, actor?: Actor): Promise<MachineEntity[]> {
    return this.repo.findMachines({ ...this.query(filter, actor), limit: filter.limit, offset: filter.offset });
  }

  countMachines(filter: MachineFilter = {}, actor?: Actor): Promise<number> {
    return this.repo.countMachines(this.query(filter, actor));
  }

  /** Age in Julian years at `atMs` (default now). */
  ageYears(machine: Pick<MachineEntity, 'commissionedAt'>, atMs: number = Date.now()): number {
    return ageInYears(machine.commissionedAt, atMs);
  }

  private async importChecked(rows: FleetRow[], parseErrors: ErrorDetail[], actor: string): Promise<FleetImportResult> {
    const good = await this.check(rows, parseErrors, true, rowCount(rows, parseErrors));
    const started = Date.now();
    try {
      const result = await this.repo.transaction(async (m: EntityManager) => {
        const places = await this.sites.resolvePlaces(good, m, true, started);
        await this.repo.insertMachines(
          good.map((r) => this.toEntity(r, places)),
          m,
        );
        await this.audit.append(
          {
            actor,
            action: 'fleet.imported',
            subject: 'fleet',
            payload: this.summary(
              good.map((r) => r.assetId),
              places,
            ),
          },
          m,
        );
        return { created: good.length, sitesCreated: places.sitesCreated.length, linesCreated: places.linesCreated.length };
      });
      this.logger.log({ msg: 'fleet imported', ...result, ms: Date.now() - started });
      return result;
    } catch (error) {
      if (isUniqueViolation(error)) {
        const taken = await this.repo.existingAssetIds(good.map((r) => r.assetId));
        throw fleetErrors.machineExists([...taken]);
      }
      throw error;
    }
  }

  /**
   * Every problem of every row, or the rows trimmed and typed. `refuseExisting`: a registered asset id is an error.
   * `importRows`: the rows of an imported file — refused rows then answer 422 with the reasons counted.
   */
  private async check(rows: readonly unknown[], parseErrors: ErrorDetail[], refuseExisting: boolean, importRows?: number): Promise<FleetRow[]> {
    let existing: Set<string> | undefined;
    if (refuseExisting && Array.isArray(rows)) {
      const ids = rows.map((r) => (r && typeof (r as FleetRow).assetId === 'string' ? (r as FleetRow).assetId.trim() : '')).filter(Boolean);
      existing = await this.repo.existingAssetIds(ids);
    }
    const { rows: good, errors } = checkFleetRows(rows, { nowMs: Date.now(), existingAssetIds: existing });
    const all = [...parseErrors, ...errors].sort(byLocation);
    if (all.length) throw importRows === undefined ? fleetErrors.invalidRows(all) : fleetErrors.importRefused(all, importRows);
    return good;
  }

  private toEntity(r: FleetRow, places: Places): MachineEntity {
    const now = Date.now();
    const entity = {
      id: randomUUID(),
      assetId: r.assetId,
      siteId: places.siteId.get(r.site)!,
      lineId: r.line ? places.lineId.get(lineKey(r.site, r.line))! : null,
      machineModel: r.machineModel,
      manufacturer: r.manufacturer,
      commissionedAt: r.commissionedAt,
      criticality: r.criticality,
      attributes: r.attributes ?? {},
      rawTags: r.rawTags,
      createdAt: now,
      updatedAt: now,
    };
    return entity as MachineEntity;
  }

  private summary(assetIds: string[], places: Places): Record<string, unknown> {
    return { created: assetIds.length, assetIdsSha256: assetIdsHash(assetIds), sitesCreated: places.sitesCreated, linesCreated: places.linesCreated };
  }

  private query(filter: MachineFilter, actor?: Actor) {
    const errors: ErrorDetail[] = [];
    for (const key of ['minAgeYears', 'maxAgeYears'] as const) {
      const v = filter[key];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= MAX_AGE_FILTER))
        errors.push({ field: key, message: `must be a number between 0 and ${MAX_AGE_FILTER}` });
    }
    if (filter.limit !== undefined && !(Number.isInteger(filter.limit) && filter.limit >= 1))
      errors.push({ field: 'limit', message: 'must be a positive integer' });
    if (filter.offset !== undefined && !(Number.isInteger(filter.offset) && filter.offset >= 0))
      errors.push({ field: 'offset', message: 'must be a non-negative integer' });
    if (errors.length) throw fleetErrors.invalidFilter(errors);
    const scope = actor ? siteScope(actor) : null;
    const sites = scope === null ? filter.sites : (filter.sites ?? scope).filter((s) => scope.includes(s));
    const bounds = commissioningBounds(filter.atMs ?? Date.now(), filter.minAgeYears, filter.maxAgeYears);
    return { sites, machineModels: filter.machineModels, assetIds: filter.assetIds, commissionedFrom: bounds.from, commissionedTo: bounds.to };
  }
}
