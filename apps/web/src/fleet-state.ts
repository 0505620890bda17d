/**
 * What a fleet tile shows: the machine's health state when the api judges health, else its
 * coverage (a production version serves it, suspended, or none). Pure, so it is unit-tested.
 */
export type HealthState = 'ok' | 'watch' | 'alarm' | 'no-data' | 'suspended' | 'not-covered';
export type TileState = HealthState | 'covered';

export const TILE_STATES: readonly TileState[] = ['alarm', 'watch', 'no-data', 'suspended', 'not-covered', 'covered', 'ok'];

export const STATE_LABEL: Record<TileState, string> = {
  ok: 'ok',
  watch: 'watch',
  alarm: 'alarm',
  'no-data': 'no data',
  suspended: 'suspended',
  'not-covered': 'not covered',
  covered: 'covered',
};

/** Background colours: alarm stands out; no data and not covered stay quiet greys. */
export const STATE_COLOUR: Record<TileState, string> = {
  ok: '#2e9d5b',
  covered: '#2e9d5b',
  watch: '#e0a800',
  alarm: '#d64545',
  'no-data': '#9aa3ad',
  suspended: '#8a63d2',
  'not-covered': '#d5dae0',
};

/** Dark text on light tiles, white on dark ones. */
export function textColour(state: TileState): string {
  return state === 'not-covered' || state === 'watch' || state === 'no-data' ? '#1d2329' : '#ffffff';
}

export interface FleetTile {
  assetId: string;
  site: string;
  line: string | null;
  machineModel: string;
  ageBand: string;
  state: TileState;
  /** what the coverage endpoint says, whatever the health state */
  coverage: CoverageMachine['status'];
  /** why (health reason, suspension reason, models that do not cover it) */
  reason: string;
}

export interface CoverageMachine {
  assetId: string;
  site: string;
  line: string | null;
  machineModel: string;
  ageBand: string;
  status: 'covered' | 'suspended' | 'not-covered';
  suspendedReason: string | null;
  notCoveredBy: string[];
  production: Array<{ model: string; version: number }>;
}

export interface HealthMachine {
  assetId: string;
  state: HealthState;
  reason?: string | null;
}

/** Tiles from the coverage answer, with the health state laid over it where health knows the machine. */
export function tilesOf(coverage: CoverageMachine[], health?: HealthMachine[] | null): FleetTile[] {
  const byAsset = new Map((health ?? []).map((h) => [h.assetId, h]));
  return coverage.map((m) => {
    const h = byAsset.get(m.assetId);
    const coverageReason =
      m.status === 'suspended'
        ? `suspended: ${m.suspendedReason ?? 'no reason given'}`
        : m.status === 'covered'
          ? `served by ${m.production.map((p) => `${p.model} v${p.version}`).join(', ')}`
          : m.notCoveredBy.length
            ? `not covered by ${m.notCoveredBy.join(', ')}`
            : 'no production model';
    const state: TileState = h ? h.state : m.status;
    return {
      assetId: m.assetId,
      site: m.site,
      line: m.line,
      machineModel: m.machineModel,
      ageBand: m.ageBand,
      state,
      coverage: m.status,
      reason: h?.reason ?? coverageReason,
    };
  });
}

export interface TileFilter {
  model?: string;
  ageBand?: string;
  state?: TileState;
}

export function filterTiles(tiles: FleetTile[], f: TileFilter): FleetTile[] {
  return tiles.filter((t) => (!f.model || t.machineModel === f.model) && (!f.ageBand || t.ageBand === f.ageBand) && (!f.state || t.state === f.state));
}

export interface SiteGroup {
  site: string;
  counts: Partial<Record<TileState, number>>;
  total: number;
  lines: Array<{ line: string; tiles: FleetTile[] }>;
}

/** Sites in name order, lines in name order ("no line" last), tiles by asset id; counts per state. */
export function groupBySite(tiles: FleetTile[]): SiteGroup[] {
  const sites = new Map<string, Map<string, FleetTile[]>>();
  for (const t of tiles) {
    const lines = sites.get(t.site) ?? new Map<string, FleetTile[]>();
    sites.set(t.site, lines);
    const key = t.line ?? '';
    lines.set(key, [...(lines.get(key) ?? []), t]);
  }
  return [...sites.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([site, lines]) => {
      const all = [...lines.values()].flat();
      const counts: Partial<Record<TileState, number>> = {};
      for (const t of all) counts[t.state] = (counts[t.state] ?? 0) + 1;
      return {
        site,
        counts,
        total: all.length,
        lines: [...lines.entries()]
          .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
          .map(([line, ts]) => ({ line: line || 'no line', tiles: [...ts].sort((x, y) => x.assetId.localeCompare(y.assetId)) })),
      };
    });
}

/** Distinct values for a filter's options, sorted. */
export function optionsOf(tiles: FleetTile[], key: 'machineModel' | 'ageBand'): string[] {
  return [...new Set(tiles.map((t) => t[key]))].sort();
}
