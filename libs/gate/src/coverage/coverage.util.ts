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
}

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
  covered: boolean;
  production: Array<Omit<ProductionAssignment, 'machineId' | 'since'> & { since: string }>;
  /** Models with a production version somewhere in the view but none on this machine. */
  notCoveredBy: string[];
}

export interface FleetCoverage {
  models: string[];
  totals: { machines: number; covered: number; notCovered: number };
  machines: MachineCoverage[];
  counts: { site: CoverageCount[]; line: CoverageCount[]; machineModel: CoverageCount[]; ageBand: CoverageCount[] };
}

/**
 * Each machine → its production version per model, or not covered; counts per site,
 * line (site/line, since line names repeat across sites) and segment. A machine is
 * covered when at least one model has a production version on it.
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
    return {
      assetId: m.assetId,
      site: m.site,
      line: m.line,
      machineModel: m.machineModel,
      ageBand: m.ageBand,
      covered: own.length > 0,
      production: own.map(({ machineId: _machine, since, ...rest }) => ({ ...rest, since: new Date(since).toISOString() })),
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
      for (const p of m.production) c.byModel[p.model]++;
    }
    // Numeric-aware so age bands read 0-5y, 5-10y, 10-15y …
    return [...out.values()].sort((a, b) => a.value.localeCompare(b.value, 'en', { numeric: true }));
  };
  const covered = rows.filter((m) => m.covered).length;
  return {
    models,
    totals: { machines: rows.length, covered, notCovered: rows.length - covered },
    machines: rows,
    counts: {
      site: count((m) => m.site),
      line: count((m) => `${m.site}/${m.line ?? '-'}`),
      machineModel: count((m) => m.machineModel),
      ageBand: count((m) => m.ageBand),
    },
  };
}
