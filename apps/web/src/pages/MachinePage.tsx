import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, ApiError, qs } from '../api';
import { num, pct } from '../format';
import { eventsView, PlotSeries, presentBuckets, telemetryView } from '../telemetry-view';
import { TimePlot } from '../components/TimePlot';
import { Badge, Empty, ErrorBox, Loading, Time } from '../components/ui';

interface Machine {
  id: string;
  assetId: string;
  site: string;
  line: string | null;
  machineModel: string;
  manufacturer: string | null;
  commissionedAt: string;
  ageYears: number;
  criticality: string | null;
  rawTags: string[];
}
interface Quality {
  fromMs: number;
  toMs: number;
  grade: string;
  reasons: string[];
  signals: Array<{ signal: string; coverage: number; gapFraction: number; gaps: { count: number }; flat: boolean; grade: string; reasons: string[] }>;
}
interface Tags {
  version: number;
  mapped: Array<{ rawTag: string; signal: string; rawUnit: string; unit: string; conversion: unknown }>;
  unmapped: string[];
  ambiguous: Array<{ rawTag: string; candidates: Array<{ signal: string }> }>;
}
interface History {
  health: {
    state: string;
    reason: string | null;
    score: number | null;
    threshold: number | null;
    scoredBy: string | null;
    production: Array<{ model: string; version: number; suspended: boolean }>;
  };
  scores: Array<{ windowEnd: string; score: number; threshold: number; beyond: boolean }>;
  alarms: Array<{ id: string; openedAt: string; status: string; score: number; threshold: number; suppressed: boolean; model: string; version: number }>;
}
interface Run {
  id: string;
  modelVersionId: string;
  status: string;
  createdAt: string;
}
interface MachineResult {
  assetId: string;
  status: string;
  verdict: string | null;
  error: string | null;
  result: { reasons?: string[]; domain?: Array<{ signal: string; levelShiftSigma: number; spreadRatio: number }> } | null;
}

const RANGES = [
  { value: '1d', label: 'last day' },
  { value: '7d', label: 'last 7 days' },
  { value: '30d', label: 'last 30 days' },
  { value: '90d', label: 'last 90 days' },
];

/** This machine's results in the newest runs (the api pages results by asset id; three runs at most). */
async function machineEvaluations(assetId: string): Promise<Array<{ run: Run; result: MachineResult }>> {
  const runs = (await api<Run[]>('/evaluations')).filter((r) => r.status !== 'queued').slice(0, 3);
  const out: Array<{ run: Run; result: MachineResult }> = [];
  for (const run of runs) {
    for (let offset = 0; ; offset += 200) {
      const page = await api<{ total: number; items: MachineResult[] }>(`/evaluations/${run.id}/machines${qs({ offset, limit: 200 })}`);
      const hit = page.items.find((m) => m.assetId === assetId);
      if (hit) out.push({ run, result: hit });
      const last = page.items[page.items.length - 1];
      if (hit || !last || last.assetId > assetId || offset + page.items.length >= page.total) break;
    }
  }
  return out;
}

export function MachinePage() {
  const id = decodeURIComponent(useParams().id ?? '');
  const [range, setRange] = useState('7d');
  const machine = useQuery({ queryKey: ['machine', id], queryFn: () => api<Machine>(`/machines/${encodeURIComponent(id)}`) });
  const signals = useQuery({ queryKey: ['signals'], queryFn: () => api<Array<{ name: string; unit: string }>>('/signals') });
  // The quality answer fixes the period ("the last 7 days of this machine's data"); the plots read the same period.
  const quality = useQuery({
    queryKey: ['quality', id, range],
    queryFn: () => api<Quality>(`/machines/${encodeURIComponent(id)}/quality${qs({ lookback: range })}`),
    enabled: machine.isSuccess,
  });
  const period = quality.data ? { from: new Date(quality.data.fromMs).toISOString(), to: new Date(quality.data.toMs).toISOString() } : null;
  const telemetry = useQuery({
    queryKey: ['telemetry', id, period],
    queryFn: async () => {
      const [plot, events] = await Promise.all([
        api<Parameters<typeof telemetryView>[0]>(`/machines/${encodeURIComponent(id)}/telemetry${qs({ ...period, points: 1000 })}`),
        api<Parameters<typeof eventsView>[0]>(`/machines/${encodeURIComponent(id)}/events${qs({ ...period })}`),
      ]);
      return { ...telemetryView(plot), events: eventsView(events) };
    },
    enabled: !!period,
  });
  const history = useQuery({
    queryKey: ['machine-health', id, period],
    queryFn: async () => {
      try {
        return await api<History>(`/machines/${encodeURIComponent(id)}/health${qs({ ...period })}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && !/machine/i.test(error.message)) return null; // an api without health
        throw error;
      }
    },
    enabled: !!period,
  });
  const tags = useQuery({ queryKey: ['tags', id], queryFn: () => api<Tags>(`/machines/${encodeURIComponent(id)}/tags`), enabled: machine.isSuccess });
  const evaluations = useQuery({ queryKey: ['machine-evaluations', id], queryFn: () => machineEvaluations(id), enabled: machine.isSuccess });
  const unitOf = (signal: string) => signals.data?.find((s) => s.name === signal)?.unit;
  const noData = (e: unknown) => e instanceof ApiError && e.status === 400 && /no telemetry/.test(e.message);

  if (machine.isLoading) return <Loading what="the machine" />;
  if (machine.error) return <ErrorBox error={machine.error} />;
  const m = machine.data!;
  return (
    <>
      <p className="small">
        <Link to="/fleet">← Fleet</Link>
      </p>
      <h1>{m.assetId}</h1>
      <div className="card row small">
        <span>Site {m.site}</span>
        <span>Line {m.line ?? '—'}</span>
        <span>Model {m.machineModel}</span>
        <span>Maker {m.manufacturer ?? 'unknown'}</span>
        <span>
          Commissioned {m.commissionedAt} ({num(m.ageYears, 1)} y)
        </span>
        <span>Criticality {m.criticality ?? 'unknown'}</span>
      </div>

      <ScoreHistory
        history={history.data}
        error={history.error}
        events={telemetry.data?.events ?? []}
        period={quality.data ? [quality.data.fromMs, quality.data.toMs] : undefined}
      />

      <div className="row">
        <h2>Signals</h2>
        <label>
          Range
          <select aria-label="range" value={range} onChange={(e) => setRange(e.target.value)}>
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        {telemetry.data && (
          <span className="muted small">
            <Time t={telemetry.data.fromMs} /> → <Time t={telemetry.data.toMs} /> · min–max band and mean per bucket; gaps left empty ·{' '}
            <span style={{ color: '#d64545' }}>┆ failure</span> <span style={{ color: '#1f6feb' }}>┆ maintenance</span>{' '}
            <span style={{ color: '#e0a800' }}>┆ error</span>
          </span>
        )}
      </div>
      {telemetry.isLoading && <Loading what="telemetry" />}
      {quality.error && noData(quality.error) ? (
        <Empty>
          No telemetry stored for this machine yet. Send it over MQTT or import a CSV with <code>fleetgate telemetry import</code>.
        </Empty>
      ) : (
        <ErrorBox error={quality.error} />
      )}
      {telemetry.error && noData(telemetry.error) ? (
        <Empty>
          No telemetry stored for this machine yet. Send it over MQTT or import a CSV with <code>fleetgate telemetry import</code>.
        </Empty>
      ) : (
        <ErrorBox error={telemetry.error} />
      )}
      {telemetry.data && telemetry.data.signals.length === 0 && <Empty>No canonical signal in this range. Pick a longer range.</Empty>}
      <div className="grid2">
        {telemetry.data?.signals.map((s) => (
          <div className="card" key={s.signal}>
            <strong>{s.signal}</strong> <span className="muted small">{unitOf(s.signal) ?? ''}</span>
            {presentBuckets(s) === 0 ? (
              <Empty>No sample of {s.signal} in this range.</Empty>
            ) : (
              <TimePlot series={s} events={telemetry.data!.events} unit={unitOf(s.signal)} />
            )}
          </div>
        ))}
      </div>
      {telemetry.data && telemetry.data.events.length > 0 && (
        <div className="card">
          <h3>Events</h3>
          <table>
            <tbody>
              {telemetry.data.events.map((e, i) => (
                <tr key={i}>
                  <td>
                    <Time t={e.ts} />
                  </td>
                  <td>
                    <Badge value={e.kind} />
                  </td>
                  <td>{e.component || '—'}</td>
                  <td>{e.code}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="grid2">
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Data quality</h2>
          {quality.data && (
            <>
              <p>
                Overall <Badge value={quality.data.grade} /> <span className="muted small">{quality.data.reasons.join('; ')}</span>
              </p>
              <table>
                <thead>
                  <tr>
                    <th>signal</th>
                    <th>grade</th>
                    <th>coverage</th>
                    <th>gaps</th>
                    <th>notes</th>
                  </tr>
                </thead>
                <tbody>
                  {quality.data.signals.map((s) => (
                    <tr key={s.signal}>
                      <td>{s.signal}</td>
                      <td>
                        <Badge value={s.grade} />
                      </td>
                      <td>{pct(s.coverage, 1)}</td>
                      <td>{s.gaps.count}</td>
                      <td className="small">{[s.flat ? 'flat' : '', ...s.reasons].filter(Boolean).join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Tag mapping</h2>
          <ErrorBox error={tags.error} />
          {tags.data && (
            <>
              <p className="muted small">Rule set version {tags.data.version}</p>
              <table>
                <thead>
                  <tr>
                    <th>raw tag</th>
                    <th>signal</th>
                    <th>unit</th>
                  </tr>
                </thead>
                <tbody>
                  {tags.data.mapped.map((t) => (
                    <tr key={t.rawTag}>
                      <td>
                        <code>{t.rawTag}</code>
                      </td>
                      <td>{t.signal}</td>
                      <td>{t.conversion ? `${t.rawUnit} → ${t.unit}` : t.unit}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {tags.data.unmapped.length > 0 && <p className="small">Unmapped: {tags.data.unmapped.join(', ')} — an admin adds a mapping rule for them.</p>}
              {tags.data.ambiguous.length > 0 && (
                <p className="small">
                  Ambiguous: {tags.data.ambiguous.map((a) => `${a.rawTag} (${a.candidates.map((c) => c.signal).join(' / ')})`).join(', ')}
                </p>
              )}
            </>
          )}
        </div>
      </div>

      <div className="card">
        <h2 style={{ marginTop: 0 }}>Evaluations of this machine</h2>
        <ErrorBox error={evaluations.error} />
        {evaluations.isLoading && <Loading what="evaluations" />}
        {evaluations.data && evaluations.data.length === 0 && <Empty>No evaluation covers this machine yet — start one from Models.</Empty>}
        {evaluations.data?.map(({ run, result }) => (
          <div key={run.id} style={{ marginBottom: 10 }}>
            <Link to={`/evaluations/${run.id}`}>Run {run.id.slice(0, 8)}</Link> <Time t={run.createdAt} /> — verdict{' '}
            <Badge value={result.verdict ?? result.status} />
            {result.error && <div className="error">{result.error}</div>}
            {result.result?.reasons && result.result.reasons.length > 0 && (
              <ul className="small">
                {result.result.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            )}
            {result.result?.domain && result.result.domain.length > 0 && (
              <table className="small">
                <thead>
                  <tr>
                    <th>signal</th>
                    <th>level shift (σ of the pilot)</th>
                    <th>spread ratio</th>
                  </tr>
                </thead>
                <tbody>
                  {result.result.domain.map((d) => (
                    <tr key={d.signal}>
                      <td>{d.signal}</td>
                      <td>{num(d.levelShiftSigma)}</td>
                      <td>{num(d.spreadRatio)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))}
      </div>
    </>
  );
}

/** The production score over the period with its threshold, alarms as markers; says why when there is none. */
function ScoreHistory({
  history,
  error,
  events,
  period,
}: {
  history: History | null | undefined;
  error: unknown;
  events: Array<{ ts: number; kind: string; component: string; code: string }>;
  period?: [number, number];
}) {
  if (error) return <ErrorBox error={error} />;
  if (!history) return null;
  const h = history.health;
  const series: PlotSeries = {
    signal: 'score',
    t: history.scores.map((p) => Date.parse(p.windowEnd)),
    min: history.scores.map((p) => p.score),
    max: history.scores.map((p) => p.score),
    mean: history.scores.map((p) => p.score),
  };
  const alarms = history.alarms.map((a) => ({ ts: Date.parse(a.openedAt), kind: 'alarm', component: '', code: a.status }));
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>
        Health <Badge value={h.state} /> <span className="muted small">{h.reason ?? ''}</span>
      </h2>
      <p className="small">
        {h.production.length
          ? `Served by ${h.production.map((p) => `${p.model} v${p.version}${p.suspended ? ' (suspended)' : ''}`).join(', ')}`
          : 'No production model serves this machine: promote one whose evaluation validated it.'}
        {h.score !== null && ` · latest score ${num(h.score, 3)} (threshold ${num(h.threshold, 3)})`}
      </p>
      {history.scores.length === 0 ? (
        <Empty>No score in this period yet: scores appear once a production model serves the machine and a scoring round has run.</Empty>
      ) : (
        <TimePlot series={series} events={[...events, ...alarms]} threshold={history.scores[history.scores.length - 1].threshold} xRange={period} />
      )}
      {history.alarms.length > 0 && (
        <table className="small">
          <tbody>
            {history.alarms.map((a) => (
              <tr key={a.id}>
                <td>
                  <Time t={a.openedAt} />
                </td>
                <td>
                  <Badge value={a.status} />
                  {a.suppressed ? ' (maintenance window)' : ''}
                </td>
                <td>
                  {a.model} v{a.version}: score {num(a.score, 3)} ≥ {num(a.threshold, 3)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
