import { FleetReport } from './fleet-report.util';
import type { NormalizationSummary } from './normalization-evidence.util';
import { Verdict, VERDICTS } from './verdict.util';

/** What a site-limited reader may see of the fleet (ids and asset ids of their machines). */
export interface ReportAudience {
  sites: string[];
  machineIds: ReadonlySet<string>;
  assetIds: ReadonlySet<string>;
}

/** The stored report as a plant manager sees it: their machines only, segments withheld. */
export type SiteReportView = Omit<FleetReport, 'segments'> & {
  segments: [];
  view: {
    kind: 'site-filtered';
    sites: string[];
    /** sha256 of the full stored report this view was derived from; this view itself has no hash. */
    derivedFromReportHash: string | null;
  };
  withheld: { machines: number; segments: number };
};

/**
 * Derives a site-limited view of a stored fleet report (canonical JSON text). Per-machine lists
 * (validated scope, exclusions, failures) keep only the reader's machines and the counts are
 * recomputed from them; segment tables are withheld rather than recomputed, because their
 * statistics (shares, p-values, BH flags) are fleet-wide: a recomputed table would not be the
 * one the gate judged. The stored hash is carried as `view.derivedFromReportHash` — it is the
 * hash of the full text, never of this view.
 */
export function siteReportView(text: string, reportHash: string | null, audience: ReportAudience): SiteReportView {
  const full = JSON.parse(text) as FleetReport & Record<string, unknown>;
  const mine = (assetId: string) => audience.assetIds.has(assetId);
  const scope = full.validatedScope;
  const validatedAssetIds: string[] = [];
  const validatedMachineIds: string[] = [];
  scope.assetIds.forEach((assetId, i) => {
    // machineIds and assetIds are parallel lists; keep a pair only when both are the reader's.
    if (mine(assetId) && audience.machineIds.has(scope.machineIds[i])) {
      validatedAssetIds.push(assetId);
      validatedMachineIds.push(scope.machineIds[i]);
    }
  });
  const excluded = scope.excluded.filter((e) => mine(e.assetId));
  const failedMachines = full.failedMachines.filter((f) => mine(f.assetId));
  const verdicts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  verdicts.generalizes = validatedAssetIds.length;
  for (const e of excluded) if (e.verdict !== 'failed') verdicts[e.verdict]++;
  const failed = excluded.filter((e) => e.verdict === 'failed').length;
  const machines = validatedAssetIds.length + excluded.length;
  const evaluated = machines - failed;
  const status: FleetReport['status'] = evaluated === 0 && machines > 0 ? 'failed' : failed ? 'partial' : 'completed';
  return {
    ...full,
    status,
    counts: { machines, evaluated, failed, verdicts },
    segments: [],
    validatedScope: { machineIds: validatedMachineIds, assetIds: validatedAssetIds, segments: [], excluded },
    failedMachines,
    ...siteNormalization(full.normalization as NormalizationSummary | undefined, mine),
    view: { kind: 'site-filtered', sites: [...audience.sites], derivedFromReportHash: reportHash },
    withheld: { machines: full.counts.machines - machines, segments: full.segments.length },
  };
}

/** A normalised run's summary limited to the reader's machines; the fleet-wide counts are withheld like the segments. */
function siteNormalization(n: NormalizationSummary | undefined, mine: (assetId: string) => boolean): { normalization?: unknown } {
  if (!n) return {};
  return {
    normalization: { method: n.method, baselines: { refused: n.baselines.refused.filter(mine) }, thresholds: { applied: n.thresholds.applied.filter(mine) } },
  };
}
