/** Plain-text views of a fleet report for the terminal. */

interface Segment {
  dimension: string;
  value: string;
  machines: number;
  evaluated: number;
  verdicts: Record<string, number>;
  validated: number;
  validatedShare: { estimate: number | null; low: number; high: number };
  recall: { estimate: number | null; low: number; high: number; failures: number } | null;
  flagged: boolean;
  segmentValidated: boolean;
}

export interface ReportView {
  status: string;
  model: { name: string; version: number };
  window: { from: string; to: string };
  counts: { machines: number; evaluated: number; failed: number; verdicts: Record<string, number> };
  segments: Segment[];
  validatedScope: {
    assetIds: string[];
    segments: Array<{ dimension: string; value: string; validated: number; of: number }>;
    excluded: Array<{ assetId: string; verdict: string; reasons: string[] }>;
  };
  failedMachines: Array<{ assetId: string; error: string }>;
  /** Normalised versions: baselines found or refused, and whose thresholds were their own. */
  normalization?: { method: string; baselines: { valid: number; refused: string[] }; thresholds: { applied: string[]; keptVersion: number } };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '  -  ' : `${(x * 100).toFixed(0).padStart(3)} %`);

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}

export function segmentTable(r: ReportView): string {
  const head = `${pad('segment', 28)} ${pad('machines', 8)} ${pad('generalizes', 11)} ${pad('degraded', 8)} ${pad('border', 6)} ${pad('out-of-dom', 10)} ${pad('insuff', 6)} ${pad('train', 5)} ${pad('validated share [95% CI]', 26)} ${pad('recall [95% CI]', 22)} flag`;
  const lines = [head, '-'.repeat(head.length)];
  for (const s of r.segments.filter((x) => !x.dimension.startsWith('attribute:'))) {
    const share = `${pct(s.validatedShare.estimate)} [${pct(s.validatedShare.low)}–${pct(s.validatedShare.high)}]`;
    const recall = s.recall ? `${pct(s.recall.estimate)} [${pct(s.recall.low)}–${pct(s.recall.high)}]` : '-';
    const flag = [s.flagged ? 'FLAGGED' : '', s.segmentValidated ? 'validated' : ''].filter(Boolean).join(' ');
    lines.push(
      `${pad(`${s.dimension}=${s.value}`, 28)} ${pad(String(s.machines), 8)} ${pad(String(s.verdicts.generalizes ?? 0), 11)} ${pad(String(s.verdicts.degraded ?? 0), 8)} ${pad(String(s.verdicts.borderline ?? 0), 6)} ${pad(String(s.verdicts['out-of-domain'] ?? 0), 10)} ${pad(String(s.verdicts['insufficient-data'] ?? 0), 6)} ${pad(String(s.verdicts.training ?? 0), 5)} ${pad(share, 26)} ${pad(recall, 22)} ${flag}`,
    );
  }
  return lines.join('\n');
}

export function scopeSummary(r: ReportView): string {
  const out = [`validated scope: ${r.validatedScope.assetIds.length} of ${r.counts.machines} machines (run ${r.status})`];
  const reasons = new Map<string, number>();
  const training = r.validatedScope.excluded.filter((e) => e.verdict === 'training').map((e) => e.assetId);
  for (const e of r.validatedScope.excluded) if (e.verdict !== 'training') reasons.set(e.verdict, (reasons.get(e.verdict) ?? 0) + 1);
  out.push(`left out: ${[...reasons.entries()].map(([v, n]) => `${n} ${v}`).join(', ') || 'none'}`);
  // In-sample figures: shown, never evidence; a validated-scope promotion still deploys them.
  if (training.length)
    out.push(
      `training machines (${training.length}, not evidence; deployed with a validated-scope promotion): ${training.slice(0, 10).join(', ')}${training.length > 10 ? ', …' : ''}`,
    );
  const n = r.normalization;
  if (n) {
    out.push(`${n.method}: ${n.baselines.valid} machines judged against their own baseline, ${n.baselines.refused.length} refused one`);
    const t = n.thresholds;
    if (t.applied.length + t.keptVersion > 0)
      out.push(
        `per-machine thresholds applied to ${t.applied.length} of ${t.applied.length + t.keptVersion} scored machines (the rest kept the version's; each assessment says why)`,
      );
  }
  // Borderline machines are undecided, not rejected: say what would settle each.
  const borderline = r.validatedScope.excluded.filter((e) => e.verdict === 'borderline');
  for (const b of borderline.slice(0, 10)) out.push(`  borderline ${b.assetId}: ${b.reasons.join('; ')}`);
  if (borderline.length > 10) out.push(`  … and ${borderline.length - 10} more borderline (--json lists them all)`);
  for (const f of r.failedMachines.slice(0, 10)) out.push(`  failed ${f.assetId}: ${f.error}`);
  return out.join('\n');
}

/** One machine of `GET /api/evaluations/:id/machines` (the assessment as stored, NaN as null). */
export interface MachineResultView {
  assetId: string;
  status: string;
  verdict: string | null;
  error: string | null;
  result: {
    reasons?: string[];
    coverage?: { usableFraction: number | null; healthyWindows: number; windowsUsable: number };
    context?: { errorEvents: number; errorEventsInAlarmWindows: number };
    normalization?: { method: string; baseline?: { fromMs: number; toMs: number; source: string; explicitVersion: number | null; valid: boolean } };
    threshold?: { mode: string; applied: boolean; value: number };
  } | null;
}

/** The machine's baseline as one cell: its period and where it came from ("-" for a raw model or none found). */
export function baselineCell(m: MachineResultView): string {
  const b = m.result?.normalization?.baseline;
  if (!b) return '-';
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const source = b.source === 'explicit' ? `explicit v${b.explicitVersion}` : 'auto';
  return `${day(b.fromMs)} → ${day(b.toMs)} ${source}${b.valid ? '' : ' (invalid)'}`;
}

/** Per-machine results: verdict, usable and healthy windows, error events (and how many fell in alarmed windows). */
export function machineTable(items: readonly MachineResultView[]): string {
  // Normalised models get the baseline each machine was judged against, and whose threshold applied.
  const normalised = items.some((m) => m.result?.normalization);
  const extra = (m?: MachineResultView) => {
    if (!normalised) return '';
    if (!m) return `${pad('baseline', 48)} ${pad('threshold', 9)} `;
    const t = m.result?.threshold;
    return `${pad(baselineCell(m), 48)} ${pad(t ? (t.applied ? 'own' : 'version') : '-', 9)} `;
  };
  const head = `${pad('asset', 20)} ${pad('status', 7)} ${pad('verdict', 17)} ${pad('usable', 6)} ${pad('healthy', 9)} ${pad('errors (in alarms)', 18)} ${extra()}reason`;
  const lines = [head, '-'.repeat(head.length)];
  for (const m of items) {
    const c = m.result?.coverage;
    const e = m.result?.context;
    const errors = e ? `${e.errorEvents} (${e.errorEventsInAlarmWindows})` : '-';
    const reason = m.status === 'failed' ? (m.error ?? '') : (m.result?.reasons?.[0] ?? '');
    lines.push(
      `${pad(m.assetId, 20)} ${pad(m.status, 7)} ${pad(m.verdict ?? '-', 17)} ${pad(c ? pct(c.usableFraction) : '  -  ', 6)} ${pad(c ? `${c.healthyWindows}/${c.windowsUsable}` : '-', 9)} ${pad(errors, 18)} ${extra(m)}${reason}`,
    );
  }
  return lines.join('\n');
}
