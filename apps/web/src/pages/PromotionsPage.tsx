import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api, post, qs } from '../api';
import { can, useSession } from '../auth';
import { num } from '../format';
import { Badge, Empty, ErrorBox, Loading, Time } from '../components/ui';

interface Rule {
  id: string;
  kind: string;
  value: number | null;
  threshold: number;
  comparison: string;
  outcome: string;
  detail: string;
  /** Reported, never blocking: no waiver needed. */
  advisory?: boolean;
}
export interface Promotion {
  id: string;
  model: string;
  version: number;
  modelVersionId: string;
  fromStage: string;
  targetStage: string;
  scope: { kind: string; machines: number; assetIds: string[] };
  evidence: { runId: string | null; reportHash: string | null; mappingVersion: number | null };
  policy: { name: string; version: number };
  outcome: string;
  blocking: string[];
  ruleResults: Rule[];
  justification: string;
  status: string;
  requestedBy: string;
  requestedAt: string;
  decision: { by: string; at: string; reason: string | null; waivers: Array<{ ruleId: string; justification: string }>; owner: string | null } | null;
  rollback: { by: string; at: string } | null;
}
interface Segment {
  dimension: string;
  value: string;
}
interface CoverageMachine {
  assetId: string;
  site: string;
  line: string | null;
  machineModel: string;
  ageBand: string;
}

export function PromotionsPage() {
  const list = useQuery({ queryKey: ['promotions'], queryFn: () => api<Promotion[]>(`/promotions${qs({ limit: 200 })}`) });
  return (
    <>
      <h1>Promotions</h1>
      <ErrorBox error={list.error} />
      {list.isLoading && <Loading what="promotions" />}
      {list.data && list.data.length === 0 && (
        <Empty>No promotion requested yet. Evaluate a version (Models), then request its promotion from the report’s evidence.</Empty>
      )}
      {list.data && list.data.length > 0 && (
        <table className="card">
          <thead>
            <tr>
              <th>request</th>
              <th>model</th>
              <th>to</th>
              <th>scope</th>
              <th>gate</th>
              <th>status</th>
              <th>requested</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((p) => (
              <tr key={p.id} data-promotion={p.id}>
                <td>
                  <Link to={`/promotions/${p.id}`}>{p.id.slice(0, 8)}</Link>
                </td>
                <td>
                  {p.model} v{p.version}
                </td>
                <td>{p.targetStage}</td>
                <td>
                  {p.scope.kind} ({p.scope.machines})
                </td>
                <td>
                  <Badge value={p.outcome} />
                </td>
                <td>
                  <Badge value={p.status} />
                </td>
                <td>
                  {p.requestedBy}, <Time t={p.requestedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The report's segment dimensions a scope can be built from (each machine's coverage row names them). */
const SEGMENT_DIMENSIONS = ['site', 'line', 'machineModel', 'ageBand'];

/** Machines of one report segment, from the coverage list (which carries site, line, model and age band per machine). */
function segmentAssets(machines: CoverageMachine[], s: Segment): string[] {
  const key: Record<string, (m: CoverageMachine) => string | null> = {
    site: (m) => m.site,
    line: (m) => (m.line ? `${m.site}/${m.line}` : null),
    machineModel: (m) => m.machineModel,
    ageBand: (m) => m.ageBand,
  };
  const get = key[s.dimension];
  return get ? machines.filter((m) => get(m) === s.value || (s.dimension === 'line' && m.line === s.value)).map((m) => m.assetId) : [];
}

function RequestScope({ p }: { p: Promotion }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [justification, setJustification] = useState('');
  const [segment, setSegment] = useState('');
  const report = useQuery({
    queryKey: ['report', p.evidence.runId],
    queryFn: () => api<{ segments: Segment[] }>(`/evaluations/${p.evidence.runId}/report`),
    enabled: !!p.evidence.runId,
  });
  const coverage = useQuery({ queryKey: ['coverage'], queryFn: () => api<{ machines: CoverageMachine[] }>('/fleet/coverage') });
  const request = useMutation({
    mutationFn: (scope: 'fleet' | 'validated-scope' | 'assets') => {
      const seg = report.data?.segments.find((s) => `${s.dimension}=${s.value}` === segment);
      const assetIds = scope === 'assets' && seg && coverage.data ? segmentAssets(coverage.data.machines, seg) : undefined;
      return post<Promotion>('/promotions', {
        modelVersionId: p.modelVersionId,
        targetStage: p.targetStage,
        evidenceRunId: p.evidence.runId ?? undefined,
        scope,
        ...(assetIds ? { assetIds } : {}),
        justification: justification || `${scope} scope after request ${p.id.slice(0, 8)}`,
        policy: p.policy.name,
      });
    },
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ['promotions'] });
      navigate(`/promotions/${created.id}`);
    },
  });
  return (
    <div className="card">
      <h3 style={{ marginTop: 0 }}>Request another scope with the same evidence</h3>
      <div className="row">
        <input
          aria-label="justification"
          placeholder="justification"
          value={justification}
          onChange={(e) => setJustification(e.target.value)}
          style={{ flex: 1 }}
        />
        <button onClick={() => request.mutate('validated-scope')} disabled={request.isPending}>
          Request validated scope
        </button>
        <button onClick={() => request.mutate('fleet')} disabled={request.isPending}>
          Request fleet
        </button>
        <select aria-label="segment" value={segment} onChange={(e) => setSegment(e.target.value)}>
          <option value="">segment…</option>
          {report.data?.segments
            .filter((s) => SEGMENT_DIMENSIONS.includes(s.dimension))
            .map((s) => (
              <option key={`${s.dimension}=${s.value}`} value={`${s.dimension}=${s.value}`}>
                {s.dimension} = {s.value}
              </option>
            ))}
        </select>
        <button onClick={() => request.mutate('assets')} disabled={request.isPending || !segment}>
          Request segment
        </button>
      </div>
      <ErrorBox error={request.error} />
    </div>
  );
}

export function PromotionPage() {
  const id = useParams().id!;
  // A fresh component per request: a refusal shown for one request must not linger on the next.
  return <PromotionDetail key={id} id={id} />;
}

function PromotionDetail({ id }: { id: string }) {
  const { me } = useSession();
  const client = useQueryClient();
  const [waivers, setWaivers] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const promotion = useQuery({ queryKey: ['promotion', id], queryFn: () => api<Promotion>(`/promotions/${id}`) });
  const act = useMutation({
    mutationFn: (action: 'approve' | 'reject' | 'rollback') => {
      if (action === 'approve') {
        const list = Object.entries(waivers)
          .filter(([, j]) => j.trim())
          .map(([ruleId, justification]) => ({ ruleId, justification }));
        return post<Promotion>(`/promotions/${id}/approve`, list.length ? { waivers: list } : {});
      }
      if (action === 'reject') return post<Promotion>(`/promotions/${id}/reject`, { reason });
      return post<Promotion>(`/promotions/${id}/rollback`, {});
    },
    onSuccess: (p) => {
      client.setQueryData(['promotion', id], p);
      void client.invalidateQueries({ queryKey: ['promotions'] });
      void client.invalidateQueries({ queryKey: ['coverage'] });
    },
  });
  if (promotion.isLoading) return <Loading what="the promotion" />;
  if (promotion.error) return <ErrorBox error={promotion.error} />;
  const p = promotion.data!;
  const role = me?.role;
  const pending = p.status === 'pending';
  return (
    <>
      <p className="small">
        <Link to="/promotions">← Promotions</Link>
      </p>
      <h1>
        {p.model} v{p.version} → {p.targetStage} <Badge value={p.status} />
      </h1>
      <div className="card small">
        Scope <strong>{p.scope.kind}</strong> ({p.scope.machines} machines) · gate <Badge value={p.outcome} /> · policy {p.policy.name} v{p.policy.version} ·
        evidence {p.evidence.runId ? <Link to={`/evaluations/${p.evidence.runId}`}>{p.evidence.runId.slice(0, 8)}</Link> : 'none'}
        <br />
        Requested by {p.requestedBy}, <Time t={p.requestedAt} />: {p.justification}
        {p.decision && (
          <>
            <br />
            Decided by {p.decision.by}, <Time t={p.decision.at} />
            {p.decision.reason ? `: ${p.decision.reason}` : ''}
            {p.decision.waivers.map((w) => (
              <div key={w.ruleId}>
                Waived {w.ruleId}: {w.justification}
              </div>
            ))}
          </>
        )}
        {p.rollback && (
          <>
            <br />
            Rolled back by {p.rollback.by}, <Time t={p.rollback.at} />
          </>
        )}
      </div>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Rules</h2>
        <table>
          <thead>
            <tr>
              <th>rule</th>
              <th>value</th>
              <th>threshold</th>
              <th>outcome</th>
              <th>detail</th>
              {pending && role === 'reliability-engineer' && <th>waive (written justification)</th>}
            </tr>
          </thead>
          <tbody>
            {p.ruleResults.map((r) => (
              <tr key={r.id} data-rule={r.id} data-outcome={r.outcome}>
                <td>{r.id}</td>
                <td>{num(r.value, 3)}</td>
                <td>
                  {r.comparison} {num(r.threshold, 3)}
                </td>
                <td>
                  <Badge value={r.outcome} />
                </td>
                <td className="small">
                  {r.advisory && <strong>advisory, never blocks: </strong>}
                  {r.detail}
                </td>
                {pending && role === 'reliability-engineer' && (
                  <td>
                    {r.outcome !== 'pass' && !r.advisory && (
                      <input
                        aria-label={`waive ${r.id}`}
                        value={waivers[r.id] ?? ''}
                        onChange={(e) => setWaivers({ ...waivers, [r.id]: e.target.value })}
                        placeholder="why this is acceptable here"
                      />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorBox error={act.error} />
      {role && (
        <div className="card row">
          {pending && can.approvePromotion(role) && (
            <button className="primary" onClick={() => act.mutate('approve')} disabled={act.isPending}>
              {Object.values(waivers).some((j) => j.trim()) ? 'Approve with waivers' : 'Approve'}
            </button>
          )}
          {pending && can.rejectPromotion(role) && (
            <>
              <input aria-label="reject reason" placeholder="reason to reject" value={reason} onChange={(e) => setReason(e.target.value)} />
              <button className="danger" onClick={() => act.mutate('reject')} disabled={act.isPending || !reason.trim()}>
                Reject
              </button>
            </>
          )}
          {p.status === 'approved' && !p.rollback && can.rejectPromotion(role) && (
            <button className="danger" onClick={() => act.mutate('rollback')} disabled={act.isPending}>
              Roll back
            </button>
          )}
          {!can.rejectPromotion(role) && <span className="muted">Your role can read requests; reliability engineers decide them.</span>}
        </div>
      )}
      {role && can.requestPromotion(role) && p.targetStage !== 'archived' && <RequestScope p={p} />}
    </>
  );
}
