import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Actor, siteScope } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { CoverageService, MachineCoverage } from '@fleetgate/gate';
import { TelemetryService } from '@fleetgate/telemetry';
import { decideState, HEALTH_STATES, HealthState, ScoredState } from '../rules/health-state.util';
import { iso } from '../query.util';
import { ScoringRepository } from '../score/scoring.repository';
import { MachineHealthEntity } from './machine-health.entity';

export interface HealthFilter {
  site?: string;
  line?: string;
  model?: string;
  ageBand?: string;
  state?: HealthState;
}

export interface MachineHealthView {
  machineId: string;
  assetId: string;
  site: string;
  line: string | null;
  machineModel: string;
  ageBand: string;
  state: HealthState;
  reason: string | null;
  score: number | null;
  threshold: number | null;
  higherIsWorse: boolean | null;
  /** End of the newest scored window. */
  scoredWindowEnd: string | null;
  /** "<model>@<version>" that scored it (the worst of its deployments), null when none did. */
  scoredBy: string | null;
  qualityGrade24h: string | null;
  lastDataAt: string | null;
  /** Every production version serving the machine. */
  production: Array<{ model: string; version: number; suspended: boolean }>;
}

export interface HealthCount {
  value: string;
  machines: number;
  byState: Record<HealthState, number>;
}

export interface FleetHealthView {
  /** The fleet's newest sample: no-data is measured against it. */
  dataClock: string | null;
  totals: HealthCount;
  counts: { site: HealthCount[]; line: HealthCount[] };
  machines: MachineHealthView[];
}

/**
 * How old an assembled view may be before it is assembled again (in the background: the request
 * that finds it older still gets it) while the database fingerprint is unchanged. Stored health,
 * deployments and machines are in the fingerprint, so a scoring round, a promotion or a
 * suspension shows at once (that request waits for the new view); only `no-data` and last-data
 * times (telemetry arriving) may lag by about this long — against a scoring interval of minutes.
 * Dashboards poll: without it every poll of a 400-machine fleet rebuilt coverage and re-read every
 * health row (≈ 27 ms of CPU).
 */
export const FLEET_HEALTH_SNAPSHOT_MS = 1000;

/** A view as the api sends it: its JSON and a weak ETag of it. */
export interface RenderedHealth {
  body: string;
  etag: string;
}

/** Filters whose rendering one snapshot keeps (a dashboard asks few; an unusual query is rendered and not kept). */
const RENDERED_PER_SNAPSHOT = 32;

interface Snapshot {
  at: number;
  stamp: string;
  clock: number | null;
  all: MachineHealthView[];
  /** The JSON of this snapshot's view per filter, made on first request. */
  rendered: Map<string, RenderedHealth>;
}

const emptyByState = (): Record<HealthState, number> => Object.fromEntries(HEALTH_STATES.map((s) => [s, 0])) as Record<HealthState, number>;

/** Fleet health for the api: coverage (site-scoped), the stored health and the data clock, decided again at read time. */
@Injectable()
export class FleetHealthService {
  constructor(
    private readonly coverage: CoverageService,
    private readonly fleet: FleetService,
    private readonly telemetry: TelemetryService,
    private readonly repo: ScoringRepository,
  ) {}

  private readonly logger = new Logger(FleetHealthService.name);
  /** Assembled views by site scope (a plant manager's sites, or all) and site filter. */
  private readonly snapshots = new Map<string, Snapshot>();

  async fleetHealth(actor: Actor, filter: HealthFilter = {}): Promise<FleetHealthView> {
    return viewOf(await this.snapshot(actor, filter.site), filter);
  }

  /**
   * `fleetHealth` as the api sends it, serialised once per snapshot and filter: dashboards poll,
   * and serialising and hashing 400 machines' JSON for every poll was most of the request's CPU.
   */
  async fleetHealthJson(actor: Actor, filter: HealthFilter = {}): Promise<RenderedHealth> {
    const snap = await this.snapshot(actor, filter.site);
    const key = JSON.stringify([filter.line ?? null, filter.model ?? null, filter.ageBand ?? null, filter.state ?? null]);
    const kept = snap.rendered.get(key);
    if (kept) return kept;
    const body = JSON.stringify(viewOf(snap, filter));
    const rendered = { body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
    if (snap.rendered.size < RENDERED_PER_SNAPSHOT) snap.rendered.set(key, rendered);
    return rendered;
  }

  /** Views being assembled, by scope key, with the fingerprint they were started for (one assembly per key at a time). */
  private readonly building = new Map<string, { stamp: string; view: Promise<Snapshot> }>();

  /** The site-scoped view of every machine: the snapshot while the fingerprint holds, refreshed behind it when older than FLEET_HEALTH_SNAPSHOT_MS. */
  private async snapshot(actor: Actor, site: string | undefined): Promise<Snapshot> {
    // What the actor may see depends only on its site scope: actors with one scope share a view.
    const key = JSON.stringify([siteScope(actor)?.slice().sort() ?? null, site ?? null]);
    const stamp = await this.repo.healthStamp();
    const cached = this.snapshots.get(key);
    if (cached && cached.stamp === stamp) {
      if (Date.now() - cached.at > FLEET_HEALTH_SNAPSHOT_MS && !this.building.has(key))
        this.assemble(key, actor, site, stamp).catch((error: unknown) =>
          this.logger.warn({ msg: 'fleet health refresh failed', error: error instanceof Error ? error.message : String(error) }),
        );
      return cached;
    }
    return this.assemble(key, actor, site, stamp);
  }

  private assemble(key: string, actor: Actor, site: string | undefined, stamp: string): Promise<Snapshot> {
    const running = this.building.get(key);
    if (running?.stamp === stamp) return running.view;
    const view = this.read(actor, site, stamp).then((fresh) => {
      const current = this.snapshots.get(key);
      if (!current || current.at <= fresh.at) this.snapshots.set(key, fresh);
      return fresh;
    });
    this.building.set(key, { stamp, view });
    const done = () => {
      if (this.building.get(key)?.view === view) this.building.delete(key);
    };
    view.then(done, done);
    return view;
  }

  private async read(actor: Actor, site: string | undefined, stamp: string): Promise<Snapshot> {
    const at = Date.now();
    const [cov, machines, ends, rows] = await Promise.all([
      this.coverage.coverage(actor, site),
      this.fleet.listMachines(site ? { sites: [site] } : {}, actor),
      this.telemetry.latestEndByMachine(),
      this.repo.healthOf(),
    ]);
    const idOf = new Map(machines.map((m) => [m.assetId, m.id]));
    const health = new Map(rows.map((h) => [h.machineId, h]));
    const clock = ends.size ? Math.max(...ends.values()) : null;
    const versions = await this.versionNames(rows);
    const all = cov.machines.map((c) => this.view(c, idOf.get(c.assetId) ?? '', health, ends, clock, versions));
    return { at, stamp, clock, all, rendered: new Map() };
  }

  /** One machine's health (the actor must see its site: 404 otherwise). */
  async machineHealth(actor: Actor, idOrAssetId: string): Promise<MachineHealthView> {
    const machine = await this.fleet.getMachine(idOrAssetId, actor);
    const view = await this.fleetHealth(actor, { site: machine.site.name });
    return view.machines.find((m) => m.machineId === machine.id)!;
  }

  private view(
    c: MachineCoverage,
    machineId: string,
    health: Map<string, MachineHealthEntity>,
    ends: Map<string, number>,
    clock: number | null,
    versions: Map<string, string>,
  ): MachineHealthView {
    const h = health.get(machineId);
    const serving = c.production.filter((p) => p.suspendedAt === null);
    const suspendedReason = c.production.length > 0 && serving.length === 0 ? (c.suspendedReason ?? 'suspended') : null;
    const stored: ScoredState | null = h && (h.state === 'ok' || h.state === 'watch' || h.state === 'alarm') ? h.state : null;
    // A health row of another (since replaced) version does not count as scored.
    const current = h?.modelVersionId && serving.some((p) => p.modelVersionId === h.modelVersionId) ? stored : null;
    const decidedNow = decideState({
      covered: c.production.length > 0,
      suspendedReason,
      lastDataMs: ends.get(machineId) ?? null,
      dataClockMs: clock,
      scored: current,
      scoredReason: h?.reason ?? null,
    });
    // The last job found the machine unscorable (a signal without data): its reason says why.
    const decided =
      decidedNow.reason === 'not scored yet' &&
      h?.state === 'no-data' &&
      h.reason &&
      h.modelVersionId &&
      serving.some((p) => p.modelVersionId === h.modelVersionId)
        ? { state: decidedNow.state, reason: h.reason }
        : decidedNow;
    return {
      machineId,
      assetId: c.assetId,
      site: c.site,
      line: c.line,
      machineModel: c.machineModel,
      ageBand: c.ageBand,
      state: decided.state,
      reason: decided.reason,
      score: h?.score ?? null,
      threshold: h?.threshold ?? serving[0]?.threshold ?? null,
      higherIsWorse: h?.higherIsWorse ?? null,
      scoredWindowEnd: iso(h?.windowEndMs),
      scoredBy: h?.modelVersionId ? (versions.get(h.modelVersionId) ?? null) : null,
      qualityGrade24h: h?.qualityGrade ?? null,
      lastDataAt: iso(ends.get(machineId)),
      production: c.production.map((p) => ({ model: p.model, version: p.version, suspended: p.suspendedAt !== null })),
    };
  }

  private async versionNames(rows: MachineHealthEntity[]): Promise<Map<string, string>> {
    const ids = [...new Set(rows.map((h) => h.modelVersionId).filter((v): v is string => !!v))];
    const deps = ids.length ? await this.repo.versionLabels(ids) : [];
    return new Map(deps.map((v) => [v.id, `${v.model}@${v.version}`]));
  }
}

/** The snapshot's machines that pass the filter (its site already chose the snapshot), with counts. */
function viewOf(snap: Snapshot, filter: HealthFilter): FleetHealthView {
  const shown = snap.all.filter(
    (m) =>
      (!filter.line || m.line === filter.line) &&
      (!filter.model || m.machineModel === filter.model) &&
      (!filter.ageBand || m.ageBand === filter.ageBand) &&
      (!filter.state || m.state === filter.state),
  );
  return {
    dataClock: iso(snap.clock),
    totals: count('all', shown),
    counts: { site: groupCount(shown, (m) => m.site), line: groupCount(shown, (m) => `${m.site}/${m.line ?? '-'}`) },
    machines: shown,
  };
}

function count(value: string, ms: MachineHealthView[]): HealthCount {
  const byState = emptyByState();
  for (const m of ms) byState[m.state]++;
  return { value, machines: ms.length, byState };
}

function groupCount(ms: MachineHealthView[], key: (m: MachineHealthView) => string): HealthCount[] {
  const groups = new Map<string, MachineHealthView[]>();
  for (const m of ms) {
    const k = key(m);
    const group = groups.get(k);
    if (group) group.push(m);
    else groups.set(k, [m]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([v, g]) => count(v, g));
}
