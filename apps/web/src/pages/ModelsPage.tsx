import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api, apiFetch, post } from '../api';
import { can, useSession } from '../auth';
import { Badge, Empty, ErrorBox, Loading, ProgressBar, Time } from '../components/ui';
import { FINISHED, RunSummary, useRunProgress } from '../run-progress';

interface ModelSummary {
  name: string;
  task: string;
  owner: string;
  createdAt: string;
  versionCount: number;
  latestVersion: number | null;
}
interface VersionRow {
  id: string;
  version: number;
  sha256: string;
  stage: string;
  profileStatus: string;
  createdBy: string;
  createdAt: string;
}
interface VersionDetail extends VersionRow {
  model: string;
  task: string;
  sizeBytes: number;
  manifest: { signals?: string[]; input?: { window?: string; step?: string }; training?: { machineIds?: string[]; from?: string; to?: string } };
  history: Array<{ fromStage: string | null; toStage: string; actor: string; reason: string; at: string }>;
  profile: {
    status: string;
    reason: string | null;
    features: number;
    signals: number;
    windows: { total: number | null; healthy: number } | null;
    sampleSize: number | null;
  };
}

function UploadForm({ onDone }: { onDone: (v: { model: string; version: number }) => void }) {
  const client = useQueryClient();
  const [model, setModel] = useState<File | null>(null);
  const [manifest, setManifest] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      if (model) form.append('model', model, model.name);
      if (manifest) form.append('manifest', manifest, manifest.name);
      const res = await apiFetch('/models/upload', { method: 'POST', body: form });
      return (await res.json()) as { model: string; version: number };
    },
    onSuccess: (v) => {
      void client.invalidateQueries({ queryKey: ['models'] });
      onDone(v);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-label="register a model version">
      <h2 style={{ marginTop: 0 }}>Register a version</h2>
      <div className="row">
        <label>
          ONNX file
          <input type="file" name="model" accept=".onnx" onChange={(e) => setModel(e.target.files?.[0] ?? null)} />
        </label>
        <label>
          Manifest (fleetgate.model.json)
          <input type="file" name="manifest" accept=".json,application/json" onChange={(e) => setManifest(e.target.files?.[0] ?? null)} />
        </label>
        <button className="primary" type="submit" disabled={upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload'}
        </button>
      </div>
      <ErrorBox error={upload.error} />
      {upload.data && (
        <div className="notice">
          Registered {upload.data.model} v{upload.data.version}.
        </div>
      )}
    </form>
  );
}

function StartEvaluation({ version }: { version: VersionDetail }) {
  const [lookback, setLookback] = useState('30d');
  const [runId, setRunId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => post<RunSummary>('/evaluations', { modelVersionId: version.id, lookback }),
    onSuccess: (run) => setRunId(run.id),
  });
  const run = useRunProgress(runId);
  const r = run.data;
  return (
    <div className="card" aria-label="evaluation">
      <h3 style={{ marginTop: 0 }}>Evaluate on the fleet</h3>
      <div className="row">
        <label>
          Look-back
          <input aria-label="look-back" value={lookback} onChange={(e) => setLookback(e.target.value)} size={6} />
        </label>
        <button className="primary" onClick={() => start.mutate()} disabled={start.isPending || (!!r && !FINISHED.includes(r.status))}>
          Start evaluation
        </button>
      </div>
      <ErrorBox error={start.error ?? run.error} />
      {r && (
        <div style={{ marginTop: 8 }} data-testid="run-progress">
          <div className="row">
            Run <Link to={`/evaluations/${r.id}`}>{r.id.slice(0, 8)}</Link> <Badge value={r.status} />
            {r.progress.failed > 0 && <span className="muted">{r.progress.failed} failed</span>}
          </div>
          <ProgressBar done={r.progress.done + r.progress.failed} total={r.progress.total} label="evaluation progress" />
          {FINISHED.includes(r.status) && (
            <p>
              <Link to={`/evaluations/${r.id}`}>Open the report →</Link>
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function VersionPanel({ name, version }: { name: string; version: number }) {
  const { me } = useSession();
  const detail = useQuery({
    queryKey: ['model-version', name, version],
    queryFn: () => api<VersionDetail>(`/models/${encodeURIComponent(name)}/versions/${version}`),
  });
  if (detail.isLoading) return <Loading what="the version" />;
  if (detail.error) return <ErrorBox error={detail.error} />;
  const v = detail.data!;
  const t = v.manifest.training;
  return (
    <div className="card" data-testid="version-detail">
      <h2 style={{ marginTop: 0 }}>
        {v.model} v{v.version} <Badge value={v.stage} />
      </h2>
      <table className="small">
        <tbody>
          <tr>
            <th>task</th>
            <td>{v.task}</td>
          </tr>
          <tr>
            <th>sha256</th>
            <td>
              <code>{v.sha256}</code>
            </td>
          </tr>
          <tr>
            <th>provenance</th>
            <td>
              {t ? (
                <>
                  trained on {t.machineIds?.join(', ')} from <Time t={t.from} /> to <Time t={t.to} />
                </>
              ) : (
                'not stated in the manifest'
              )}
            </td>
          </tr>
          <tr>
            <th>signals</th>
            <td>{v.manifest.signals?.join(', ')}</td>
          </tr>
          <tr>
            <th>window / step</th>
            <td>
              {v.manifest.input?.window ?? '—'} / {v.manifest.input?.step ?? '—'}
            </td>
          </tr>
          <tr>
            <th>reference profile</th>
            <td>
              <Badge value={v.profile.status} /> {v.profile.features} features over {v.profile.signals} signals
              {v.profile.windows ? `, ${v.profile.windows.healthy} healthy windows` : ''}
              {v.profile.reason ? ` — ${v.profile.reason}` : ''}
            </td>
          </tr>
          <tr>
            <th>registered</th>
            <td>
              by {v.createdBy}, <Time t={v.createdAt} />
            </td>
          </tr>
        </tbody>
      </table>
      <h3>Stage history</h3>
      <ul className="small">
        {v.history.map((h, i) => (
          <li key={i}>
            <Time t={h.at} /> {h.fromStage ?? '—'} → {h.toStage} by {h.actor}: {h.reason}
          </li>
        ))}
      </ul>
      {me && can.startEvaluation(me.role) && <StartEvaluation version={v} />}
      {me && can.downloadEvidence(me.role) && <EvidenceLink id={v.id} />}
    </div>
  );
}

export function EvidenceLink({ id }: { id: string }) {
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setError(null);
    try {
      const res = await apiFetch(`/model-versions/${id}/evidence`);
      const blob = await res.blob();
      const name = /filename="?([^";]+)/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `evidence-${id}.json`;
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <button onClick={download}>Download evidence bundle</button>
      <ErrorBox error={error} />
    </div>
  );
}

export function ModelsPage() {
  const { me } = useSession();
  const navigate = useNavigate();
  const name = useParams().name;
  const [selected, setSelected] = useState<number | null>(null);
  const models = useQuery({ queryKey: ['models'], queryFn: () => api<ModelSummary[]>('/models') });
  const detail = useQuery({
    queryKey: ['models', name],
    queryFn: () => api<ModelSummary & { versions: VersionRow[] }>(`/models/${encodeURIComponent(name!)}`),
    enabled: !!name,
  });
  const version = selected ?? detail.data?.versions[detail.data.versions.length - 1]?.version ?? null;
  return (
    <>
      <h1>Models</h1>
      {me && can.registerModel(me.role) && (
        <UploadForm
          onDone={(v) => {
            setSelected(v.version);
            navigate(`/models/${encodeURIComponent(v.model)}`);
          }}
        />
      )}
      <ErrorBox error={models.error} />
      {models.isLoading && <Loading what="models" />}
      {models.data && models.data.length === 0 && (
        <Empty>
          No model registered yet. {me && can.registerModel(me.role) ? 'Upload an ONNX file and its manifest above.' : 'An ML engineer registers one.'}
        </Empty>
      )}
      {models.data && models.data.length > 0 && (
        <table className="card">
          <thead>
            <tr>
              <th>model</th>
              <th>task</th>
              <th>owner</th>
              <th>versions</th>
              <th>created</th>
            </tr>
          </thead>
          <tbody>
            {models.data.map((m) => (
              <tr key={m.name}>
                <td>
                  <Link to={`/models/${encodeURIComponent(m.name)}`} onClick={() => setSelected(null)}>
                    {m.name}
                  </Link>
                </td>
                <td>{m.task}</td>
                <td>{m.owner}</td>
                <td>{m.versionCount}</td>
                <td>
                  <Time t={m.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {name && (
        <>
          <h2>{name}</h2>
          <ErrorBox error={detail.error} />
          {detail.data && (
            <table className="card">
              <thead>
                <tr>
                  <th>version</th>
                  <th>stage</th>
                  <th>profile</th>
                  <th>by</th>
                  <th>registered</th>
                </tr>
              </thead>
              <tbody>
                {detail.data.versions.map((v) => (
                  <tr key={v.id} style={{ background: v.version === version ? '#eef5ff' : undefined }}>
                    <td>
                      <button onClick={() => setSelected(v.version)}>v{v.version}</button>
                    </td>
                    <td>
                      <Badge value={v.stage} />
                    </td>
                    <td>{v.profileStatus}</td>
                    <td>{v.createdBy}</td>
                    <td>
                      <Time t={v.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {version !== null && <VersionPanel name={name} version={version} />}
        </>
      )}
    </>
  );
}
