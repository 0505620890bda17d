import type { PinnedBaseline, ThresholdMode } from '../deployment/deployment-pin.util';

/** A machine of the fleet view (the caller has already limited it to the sites the user may see). */
export interface CoverageMachine {
  machineId: string;
  assetId: string;
  site: string;
  line: string | null;
  machineModel: string;
  ageBand: string;
}

/** One active production assignment: which version serves which machine, and on what evidence. */
export interface ProductionAssignment {
  machineId: string;
  model: string;
  version: number;
  modelVersionId: string;
  promotionId: string;
  evidenceRunId: string;
  owner: string | null;
  since: number;
  /** Pins: the baseline the evidence used on this machine, and the threshold that applies (mode null: a row from before pins). */
  baseline: PinnedBaseline | null;
  threshold: number | null;
  thresholdMode: ThresholdMode | null;
  /** Set when the machine got a new baseline after this evidence: the row does not serve until re-evaluated. */
  suspendedAt: number | null;
  suspendedReason: string | null;
  /** Set when a guard demoted the promoted version and this one, the version it replaced, serves in its place: why. */
  fallbackReason?: string;
}

/** covered: some model serves it; suspended: its production versions are all suspended; not-covered: no production version. */
export type CoverageStatus = 'covered' | 'suspended' | 'not-covered';

export interface CoverageCount {
  value: string;
  machines: number;
  covered: number;
  notCovered: number;
  /** Machines covered by a production version of each model. */
  byModel: Record<string, number>;
}

export interface MachineCoverage {
  assetId: string;
  site: string;
  line: string | null;
  machineModel: string;
  ageBand: string;
  /** At least one production version serves it (a suspended one does not). */
  covered: boolean;
  status: CoverageStatus;
  /** Why its production version(s) are suspended (the first suspended one's reason), else null. */
  suspendedReason: string | null;
  production: Array<Omit<ProductionAssignment, 'machineId' | 'since' | 'suspendedAt'> & { since: string; suspendedAt: string | null }>;
  /** Models with a production version somewhere in the view but none on this machine. */
  notCoveredBy: string[];
}

export interface FleetCoverage {
  models: string[];
  totals: { machines: number; covered: number; notCovered: number };
  machines: MachineCoverage[];
  /** Machines whose production versions are all suspended (counted as not covered in totals and counts). */
  suspended: { machines: number; assetIds: string[] };
  counts: { site: CoverageCount[]; line: CoverageCount[]; machineModel: CoverageCount[]; ageBand: CoverageCount[] };
}

/**
 * Each machine → its production version per model, or not covered; counts per site,
 * line (site/line, since line names repeat across sites) and segment. A machine is
 * covered when at least one model has a production version on it that is not suspended; one
 * whose production versions are all suspended (a new baseline since their evidence) is
 * `suspended`, with the reason, and counts as not covered.
 */
export function buildCoverage(machines: readonly CoverageMachine[], assignments: readonly ProductionAssignment[]): FleetCoverage {
  const byMachine = new Map<string, ProductionAssignment[]>();
  for (const a of assignments) {
    if (!byMachine.has(a.machineId)) byMachine.set(a.machineId, []);
    byMachine.get(a.machineId)!.push(a);
  }
  const sorted = [...machines].sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0));
  const visible = new Set(sorted.map((m) => m.machineId));
  const models = [...new Set(assignments.filter((a) => visible.has(a.machineId)).map((a) => a.model))].sort();
  const rows = sorted.map((m): MachineCoverage => {
    const own = (byMachine.get(m.machineId) ?? []).sort((a, b) => (a.model < b.model ? -1 : 1));
    const serving = own.filter((a) => a.suspendedAt === null);
    const suspended = own.find((a) => a.suspendedAt !== null);
    return {
      assetId: m.assetId,
      site: m.site,
      line: m.line,
      machineModel: m.machineModel,
      ageBand: m.ageBand,
      covered: serving.length > 0,
      status: serving.length ? 'covered' : own.length ? 'suspended' : 'not-covered',
      suspendedReason: suspended?.suspendedReason ?? null,
      production: own.map(({ machineId: _machine, since, suspendedAt, ...rest }) => ({
        ...rest,
        since: new Date(since).toISOString(),
        suspendedAt: suspendedAt === null ? null : new Date(suspendedAt).toISOString(),
      })),
      notCoveredBy: models.filter((name) => !own.some((a) => a.model === name)),
    };
  });
  const count = (key: (m: MachineCoverage) => string): CoverageCount[] => {
    const out = new Map<string, CoverageCount>();
    for (const m of rows) {
      const value = key(m);
      if (!out.has(value)) out.set(value, { value, machines: 0, covered: 0, notCovered: 0, byModel: Object.fromEntries(models.map((n) => [n, 0])) });
      const c = out.get(value)!;
      c.machines++;
      if (m.covered) c.covered++;
      else c.notCovered++;
      for (const p of m.production) if (p.suspendedAt === null) c.byModel[p.model]++;
    }
    // Numeric-aware so age bands read 0-5y, 5-10y, 10-15y …
    return [...out.values()].sort((a, b) => a.value.localeCompare(b.value, 'en', { numeric: true }));
  };
  const covered = rows.filter((m) => m.covered).length;
  const suspended = rows.filter((m) => m.status === 'suspended').map((m) => m.assetId);
  return {
    models,
    totals: { machines: rows.length, covered, notCovered: rows.length - covered },
    machines: rows,
    suspended: { machines: suspended.length, assetIds: suspended },
    counts: {
      site: count((m) => m.site),
      line: count((m) => `${m.site}/${m.line ?? '-'}`),
      machineModel: count((m) => m.machineModel),
      ageBand: count((m) => m.ageBand),
    },
  };
}
