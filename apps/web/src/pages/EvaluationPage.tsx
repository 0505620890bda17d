import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, qs } from '../api';
import { num, pct } from '../format';
import { intervalBar } from '../interval-bar';
import { compareScopes, driftTable, VERDICT_COLOUR } from '../report-compare';
import { Badge, Empty, ErrorBox, Loading, ProgressBar, Time } from '../components/ui';
import { FINISHED, RunSummary, useRunProgress } from '../run-progress';

interface Interval {
  estimate: number;
  low: number;
  high: number;
}
interface Segment {
  dimension: string;
  value: string;
  machines: number;
  evaluated: number;
  validated: number;
  validatedShare: Interval;
  recall: (Interval & { detected: number; failures: number }) | null;
  medianPsi: number | null;
  pValue: number | null;
  flagged: boolean;
  segmentValidated: boolean;
}
interface Report {
  status: string;
  counts: { machines: number; evaluated: number; failed: number; verdicts: Record<string, number> };
  segments: Segment[];
  validatedScope: { assetIds: string[]; excluded: Array<{ assetId: string; verdict: string; reasons: string[] }> };
  failedMachines: Array<{ assetId: string; error: string }>;
  withheld?: { machines: number; segments: number };
}
interface MachineRow {
  assetId: string;
  status: string;
  verdict: string | null;
  error: string | null;
  result: { drift?: { features?: Array<{ name: string; psi: number }> } } | null;
}

async function allMachines(id: string): Promise<MachineRow[]> {
  const out: MachineRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api<{ total: number; items: MachineRow[] }>(`/evaluations/${id}/machines${qs({ offset, limit: 1000 })}`);
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}

function Bar({ i }: { i: Interval | null | undefined }) {
  const bar = i ? intervalBar(i.low, i.high, i.estimate) : null;
  if (!bar || !i) return <span className="muted">—</span>;
  return (
    <span className="row" style={{ gap: 6 }}>
      <span className="ibar" title={`${pct(i.estimate, 1)} (95 % Wilson ${pct(i.low, 1)}–${pct(i.high, 1)})`}>
        <span className="span" style={{ left: `${bar.left}%`, width: `${bar.width}%` }} />
        <span className="pt" style={{ left: `${bar.point}%` }} />
      </span>
      <span className="small">
        {pct(i.estimate)}{' '}
        <span className="muted">
          [{pct(i.low)}–{pct(i.high)}]
        </span>
      </span>
    </span>
  );
}

export function EvaluationsPage() {
  const runs = useQuery({ queryKey: ['runs'], queryFn: () => api<RunSummary[]>('/evaluations'), refetchInterval: 5000 });
  return (
    <>
      <h1>Evaluations</h1>
      <ErrorBox error={runs.error} />
      {runs.isLoading && <Loading what="runs" />}
      {runs.data && runs.data.length === 0 && <Empty>No evaluation yet — start one from Models.</Empty>}
      {runs.data && runs.data.length > 0 && (
        <table className="card">
          <thead>
            <tr>
              <th>run</th>
              <th>status</th>
              <th>progress</th>
              <th>period</th>
              <th>by</th>
              <th>started</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/evaluations/${r.id}`}>{r.id.slice(0, 8)}</Link>
                </td>
                <td>
                  <Badge value={r.status} />
                </td>
                <td>
                  {r.progress.done + r.progress.failed}/{r.progress.total}
                </td>
                <td className="small">
                  {r.from.slice(0, 10)} → {r.to.slice(0, 10)}
                </td>
                <td>{r.createdBy}</td>
                <td>
                  <Time t={r.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function EvaluationReportPage() {
  const id = useParams().id!;
  const run = useRunProgress(id);
  const done = !!run.data && FINISHED.includes(run.data.status);
  const report = useQuery({ queryKey: ['report', id], queryFn: () => api<Report>(`/evaluations/${id}/report`), enabled: done });
  const machines = useQuery({ queryKey: ['run-machines', id], queryFn: () => allMachines(id), enabled: done });
  const runs = useQuery({ queryKey: ['runs'], queryFn: () => api<RunSummary[]>('/evaluations') });
  const [other, setOther] = useState('');
  const otherReport = useQuery({ queryKey: ['report', other], queryFn: () => api<Report>(`/evaluations/${other}/report`), enabled: !!other });

  if (run.error) return <ErrorBox error={run.error} />;
  if (!run.data) return <Loading what="the run" />;
  const r = run.data;
  const rep = report.data;
  const drift = machines.data ? driftTable(machines.data.map((m) => m.result?.drift?.features ?? [])) : [];
  return (
    <>
      <p className="small">
        <Link to="/evaluations">← Evaluations</Link>
      </p>
      <h1>
        Evaluation {r.id.slice(0, 8)} <Badge value={r.status} />
      </h1>
      <div className="card small">
        Period <Time t={r.from} /> → <Time t={r.to} /> · started by {r.createdBy} <Time t={r.createdAt} />
        {r.finishedAt && (
          <>
            {' '}
            · finished <Time t={r.finishedAt} />
          </>
        )}
        {r.note && <div className="notice">{r.note}</div>}
        {!done && <ProgressBar done={r.progress.done + r.progress.failed} total={r.progress.total} label="evaluation progress" />}
      </div>
      <ErrorBox error={report.error ?? machines.error} />
      {!done && <Empty>The report appears when the run has finished.</Empty>}
      {rep && (
        <>
          <div className="card">
            <h2 style={{ marginTop: 0 }}>Summary</h2>
            <p>
              {rep.counts.evaluated} of {rep.counts.machines} machines evaluated, {rep.counts.failed} failed ·{' '}
              {Object.entries(rep.counts.verdicts)
                .filter(([, n]) => n > 0)
                .map(([v, n]) => `${n} ${v}`)
                .join(' · ')}
            </p>
            <p>
              Validated scope: <strong data-testid="validated-count">{rep.validatedScope.assetIds.length}</strong> machines
            </p>
            {rep.withheld && rep.withheld.machines > 0 && <p className="muted small">{rep.withheld.machines} machines outside your sites are left out.</p>}
          </div>
          <div className="card">
            <h2 style={{ marginTop: 0 }}>Verdict map</h2>
            {Object.entries(VERDICT_COLOUR).map(([v, c]) => (
              <span className="legend" key={v}>
                <span className="swatch" style={{ background: c }} />
                {v}
              </span>
            ))}
            <div className="tiles" style={{ marginTop: 6 }}>
              {machines.data?.map((m) => {
                const v = m.status === 'failed' ? 'failed' : (m.verdict ?? 'insufficient-data');
                return (
                  <Link
                    key={m.assetId}
                    to={`/machines/${encodeURIComponent(m.assetId)}`}
                    className="tile"
                    data-verdict={v}
                    title={`${m.assetId}: ${v}${m.error ? ` — ${m.error}` : ''}`}
                    style={{ background: VERDICT_COLOUR[v] ?? '#ccc', color: v === 'borderline' ? '#1d2329' : '#fff', width: 80, height: 30 }}
                  >
                    {m.assetId}
                  </Link>
                );
              })}
            </div>
          </div>
          <div className="card">
            <h2 style={{ marginTop: 0 }}>Segments</h2>
            <p className="muted small">
              Bars: 95 % Wilson intervals. BH: flagged when the validated share is lower than the rest of the fleet after Benjamini–Hochberg.
            </p>
            {rep.segments.length === 0 ? (
              <Empty>No segment to show.</Empty>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>segment</th>
                    <th>machines</th>
                    <th>validated share</th>
                    <th>recall</th>
                    <th>median PSI</th>
                    <th>p</th>
                    <th>BH</th>
                  </tr>
                </thead>
                <tbody>
                  {rep.segments.map((s) => (
                    <tr key={`${s.dimension}=${s.value}`}>
                      <td>
                        {s.dimension} = <strong>{s.value}</strong> {s.segmentValidated && <Badge value="validated" />}
                      </td>
                      <td>
                        {s.validated}/{s.evaluated} <span className="muted">of {s.machines}</span>
                      </td>
                      <td>
                        <Bar i={s.validatedShare} />
                      </td>
                      <td>
                        <Bar i={s.recall} />
                        {s.recall && (
                          <span className="muted small">
                            {' '}
                            {s.recall.detected}/{s.recall.failures}
                          </span>
                        )}
                      </td>
                      <td>{num(s.medianPsi)}</td>
                      <td>{s.pValue === null ? '—' : s.pValue.toPrecision(2)}</td>
                      <td>{s.flagged ? <Badge value="fail" /> : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div className="grid2">
            <div className="card">
              <h2 style={{ marginTop: 0 }}>Excluded from the validated scope</h2>
              {rep.validatedScope.excluded.length === 0 ? (
                <Empty>Every evaluated machine is in the validated scope.</Empty>
              ) : (
                <table className="small">
                  <tbody>
                    {rep.validatedScope.excluded.map((e) => (
                      <tr key={e.assetId}>
                        <td>{e.assetId}</td>
                        <td>
                          <Badge value={e.verdict} />
                        </td>
                        <td>{e.reasons.join('; ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h3>Failed machines</h3>
              {rep.failedMachines.length === 0 ? (
                <p className="muted small">None.</p>
              ) : (
                <ul className="small">
                  {rep.failedMachines.map((f) => (
                    <li key={f.assetId}>
                      {f.assetId}: {f.error}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="card">
              <h2 style={{ marginTop: 0 }}>Feature drift</h2>
              {drift.length === 0 ? (
                <Empty>No drift figures in this run.</Empty>
              ) : (
                <table className="small">
                  <thead>
                    <tr>
                      <th>feature</th>
                      <th>machines</th>
                      <th>median PSI</th>
                      <th>max PSI</th>
                    </tr>
                  </thead>
                  <tbody>
                    {drift.slice(0, 30).map((d) => (
                      <tr key={d.feature}>
                        <td>{d.feature}</td>
                        <td>{d.machines}</td>
                        <td>{num(d.medianPsi, 3)}</td>
                        <td>{num(d.maxPsi, 3)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </div>
          <div className="card">
            <h2 style={{ marginTop: 0 }}>Compare with another run</h2>
            <select aria-label="compare with" value={other} onChange={(e) => setOther(e.target.value)}>
              <option value="">pick a run…</option>
              {runs.data
                ?.filter((x) => x.id !== id && FINISHED.includes(x.status))
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.id.slice(0, 8)} ({x.createdAt.slice(0, 16)})
                  </option>
                ))}
            </select>
            <ErrorBox error={otherReport.error} />
            {otherReport.data &&
              (() => {
                const c = compareScopes(otherReport.data.validatedScope.assetIds, rep.validatedScope.assetIds);
                return (
                  <p>
                    From {other.slice(0, 8)} to this run: {c.kept} kept, <strong>{c.added.length} added</strong>
                    {c.added.length ? ` (${c.added.join(', ')})` : ''}, <strong>{c.lost.length} lost</strong>
                    {c.lost.length ? ` (${c.lost.join(', ')})` : ''}.
                  </p>
                );
              })()}
          </div>
        </>
      )}
    </>
  );
}
