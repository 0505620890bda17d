/** A serving production deployment's site and the newest window end scored for it (null: none yet). */
export interface DeploymentScoredEnd {
  site: string;
  endMs: number | null;
}

/**
 * Scoring lag per site, in seconds: the data clock (the fleet's newest sample) minus the newest
 * window end scored for any of the site's deployments. A site none of whose deployments has a
 * score yet, or a fleet without telemetry, has no entry. Never negative: the clock may be read a
 * moment before scores of data that arrived since.
 */
export function scoringLagBySite(rows: readonly DeploymentScoredEnd[], dataClockMs: number | null): Map<string, number> {
  const newest = new Map<string, number>();
  for (const { site, endMs } of rows) if (endMs !== null) newest.set(site, Math.max(newest.get(site) ?? -Infinity, endMs));
  const lag = new Map<string, number>();
  if (dataClockMs === null) return lag;
  for (const [site, endMs] of newest) lag.set(site, Math.max(0, dataClockMs - endMs) / 1000);
  return lag;
}
