import type { AdviceView, Pooled, RemedyResult } from '@fleetgate/advice';

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
const interval = (p: Pooled) => (p.estimate === null ? '—' : `${pct(p.estimate)} [${pct(p.low)}, ${pct(p.high)}]`);
const money = (x: number | null | undefined) => (x === null || x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));

/** The advice as a reliability engineer reads it: remedies best first, then each one's segments. */
export function adviceText(a: AdviceView): string {
  if (!a.summary) {
    const tried = a.remedies.filter((r) => r.applies).map((r) => `${r.remedy}${r.runId ? ` (run ${r.runId})` : ''}${r.error ? `: ${r.error}` : ''}`);
    return [`advice ${a.id} for run ${a.runId}: ${a.status}${a.error ? ` — ${a.error}` : ''}`, ...tried.map((t) => `  ${t}`)].join('\n');
  }
  const s = a.summary;
  const lines = [
    `advice for run ${a.runId}: ${s.leftOut.machines} machines left out; remedies, best first (recall and healthy alarm rate over the machines each brings into scope, 95 % intervals;`,
    `net value per 1,000 machine-hours with costs ${money(s.costs.unplannedFailureCost)} unplanned / ${money(s.costs.plannedRepairCost)} planned / ${money(s.costs.falseAlarmCost)} per false alarm):`,
  ];
  for (const r of s.remedies) lines.push(remedyLine(r, s.leftOut.machines));
  if (s.byValue?.length) lines.push(`by net value (lower bound): ${s.byValue.join(' > ')}`);
  lines.push(s.recommended ? `recommended: ${s.recommended}` : 'no remedy brings a left-out machine into scope');
  for (const r of s.remedies.filter((x) => x.figures && x.figures.broughtIntoScope.length)) {
    lines.push(`\n${r.remedy} (${r.label}) per segment:`);
    for (const g of r.segments)
      lines.push(
        `  ${`${g.dimension}=${g.segment}`.padEnd(28)} +${String(g.broughtIntoScope.length).padStart(3)} of ${String(g.leftOut).padStart(3)}  recall ${interval(g.recall)}  alarm rate ${interval(g.alarmRate)}`,
      );
  }
  return lines.join('\n');
}

function remedyLine(r: RemedyResult, leftOut: number): string {
  const head = `  ${r.remedy.padEnd(31)} ${r.cost.padEnd(31)}`;
  if (!r.applies) return `${head} does not apply: ${r.reason}`;
  if (!r.figures) return `${head} not evaluated: ${r.error ?? 'no run'}`;
  const f = r.figures;
  const training = f.training.length ? ` (${f.training.length} trained on)` : '';
  const value =
    f.value?.estimate !== null && f.value?.estimate !== undefined ? `  value ${money(f.value.estimate)} [${money(f.value.low)}, ${money(f.value.high)}]` : '';
  return `${head} +${f.broughtIntoScope.length} of ${leftOut}${training}  recall ${interval(f.recall)}  alarm rate ${interval(f.alarmRate)}${value}  ${r.label ?? ''}`;
}
