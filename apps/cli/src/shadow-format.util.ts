/** The parts of `GET /api/shadows/:id` the CLI prints. */
export interface AgreementView {
  windows: number;
  both: number;
  productionOnly: number;
  candidateOnly: number;
  neither: number;
  agreement: number | null;
  rankCorrelation: number | null;
  failures: { failures: number; production: number; candidate: number };
}

export interface ShadowView {
  id: string;
  candidateVersionId: string;
  machineIds: string[];
  createdAt: string;
  stoppedAt: string | null;
  days: number;
  overall: AgreementView;
  segments: Array<AgreementView & { machineModel: string; site: string; machines: number }>;
}

const num = (x: number | null, digits = 2) => (x === null ? '-' : x.toFixed(digits));

function row(label: string, a: AgreementView): string {
  return [
    label.padEnd(22),
    String(a.windows).padStart(7),
    num(a.agreement).padStart(9),
    `${a.both}/${a.productionOnly}/${a.candidateOnly}/${a.neither}`.padEnd(22),
    num(a.rankCorrelation).padStart(8),
    `${a.failures.production}/${a.failures.candidate} of ${a.failures.failures}`,
  ].join(' ');
}

/** A shadow: its span, then agreement overall and per segment (machine model, site). */
export function shadowText(s: ShadowView): string {
  const head = `${'segment'.padEnd(22)} ${'windows'.padStart(7)} ${'agreement'.padStart(9)} ${'both/prod/cand/neither'.padEnd(22)} ${'rank ρ'.padStart(8)} failures caught (prod/cand)`;
  return [
    `shadow ${s.id}: candidate ${s.candidateVersionId} on ${s.machineIds.length} machines since ${s.createdAt}${s.stoppedAt ? `, stopped ${s.stoppedAt}` : ''} (${s.days.toFixed(1)} days)`,
    head,
    row('all', s.overall),
    ...s.segments.map((g) => row(`${g.machineModel} @ ${g.site} (${g.machines})`, g)),
  ].join('\n');
}
