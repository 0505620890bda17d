import type { BundleVerdict, FleetCoverage, PromotionView, RuleResult } from '@fleetgate/gate';

/** Plain-text views of promotions, coverage and bundle checks for the terminal. */

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}

const num = (x: number | null) => (x === null ? '-' : Math.abs(x) >= 10 || Number.isInteger(x) ? String(x) : x.toFixed(3));
const MARK: Record<string, string> = { pass: 'PASS', fail: 'FAIL', 'insufficient-evidence': 'INSUFFICIENT' };

export function ruleTable(results: readonly RuleResult[]): string {
  if (!results.length) return '(no rules evaluated)';
  const lines = [`${pad('rule', 20)} ${pad('outcome', 13)} ${pad('value', 8)} ${pad('threshold', 10)} detail`];
  for (const r of results)
    // An advisory rule is reported, never blocking: its detail says so first.
    lines.push(
      `${pad(r.id, 20)} ${pad(MARK[r.outcome] ?? r.outcome, 13)} ${pad(num(r.value), 8)} ${pad(`${r.comparison} ${r.threshold}`, 10)} ${r.advisory ? '[advisory, never blocks] ' : ''}${r.detail}`,
    );
  return lines.join('\n');
}

export function promotionSummary(p: PromotionView): string {
  const out = [
    `promotion ${p.id}: ${p.model}@${p.version} ${p.fromStage} → ${p.targetStage} (${p.status})`,
    `scope: ${p.scope.kind}, ${p.scope.machines} machines; evidence run ${p.evidence.runId ?? '-'} (report ${p.evidence.reportHash?.slice(0, 12) ?? '-'}…); policy ${p.policy.name} v${p.policy.version}`,
    '',
    ruleTable(p.ruleResults),
    '',
  ];
  if (p.status === 'pending')
    out.push(
      p.blocking.length
        ? `blocking: ${p.blocking.join(', ')} — approval needs a waiver with a justification for each`
        : 'all rules pass — awaiting approval by a second reliability engineer',
    );
  if (p.decision) {
    out.push(
      `${p.status === 'rejected' ? 'rejected' : 'approved'} by ${p.decision.by} at ${p.decision.at}${p.decision.owner ? `; owner ${p.decision.owner}` : ''}${p.decision.reason ? `: ${p.decision.reason}` : ''}`,
    );
    for (const w of p.decision.waivers) out.push(`  waived ${w.ruleId}: ${w.justification}`);
  }
  if (p.rollback) out.push(`rolled back by ${p.rollback.by} at ${p.rollback.at}`);
  return out.join('\n');
}

export function coverageText(c: FleetCoverage): string {
  const out = [
    `coverage: ${c.totals.covered} of ${c.totals.machines} machines have a production version (${c.models.join(', ') || 'no model in production'})`,
    '',
  ];
  for (const [title, rows] of [
    ['site', c.counts.site],
    ['line', c.counts.line],
    ['machine model', c.counts.machineModel],
    ['age band', c.counts.ageBand],
  ] as const) {
    out.push(`${pad(title, 20)} ${pad('machines', 9)} ${pad('covered', 8)} not covered`);
    for (const r of rows) out.push(`${pad(r.value, 20)} ${pad(String(r.machines), 9)} ${pad(String(r.covered), 8)} ${r.notCovered}`);
    out.push('');
  }
  // Suspended machines (a new baseline since their evidence) are not covered either: listed apart, with the reason.
  const uncovered = c.machines.filter((m) => !m.covered && m.status !== 'suspended').map((m) => m.assetId);
  const suspended = c.machines.filter((m) => m.status === 'suspended');
  out.push(
    uncovered.length
      ? `not covered (${uncovered.length}): ${uncovered.slice(0, 50).join(', ')}${uncovered.length > 50 ? ', …' : ''}`
      : suspended.length
        ? 'every other machine is covered'
        : 'every machine is covered',
  );
  if (suspended.length) {
    out.push(`suspended until re-evaluated (${suspended.length}):`);
    for (const m of suspended.slice(0, 50)) out.push(`  ${m.assetId}: ${m.suspendedReason ?? ''}`);
    if (suspended.length > 50) out.push('  …');
  }
  return out.join('\n');
}

export function bundleText(file: string, v: BundleVerdict): string {
  const lines = v.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: ${c.detail}`);
  lines.push(
    v.ok
      ? `evidence bundle ${file} verified: ${v.checks.length} checks`
      : `evidence bundle ${file} BROKEN: ${v.problems.length} of ${v.checks.length} checks failed`,
  );
  return lines.join('\n');
}

/** `--waive rule=justification` → a waiver; the text after the first "=" is the justification. */
export function parseWaiver(text: string): { ruleId: string; justification: string } | null {
  const at = text.indexOf('=');
  if (at <= 0) return null;
  return { ruleId: text.slice(0, at).trim(), justification: text.slice(at + 1) };
}

/** `fleet` | `validated-scope` | comma-separated asset ids. */
export function parseScope(text: string): { scope: 'fleet' | 'validated-scope' | 'assets'; assetIds?: string[] } {
  if (text === 'fleet' || text === 'validated-scope') return { scope: text };
  return {
    scope: 'assets',
    assetIds: text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
