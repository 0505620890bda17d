import { useState } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, qs } from '../api';
import { Badge, Empty, ErrorBox, Loading, Time } from '../components/ui';
import { EvidenceLink } from './ModelsPage';

interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  payload: string;
  hash: string;
}
interface Verify {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
  lastHash: string;
}

const PAGE = 200;

export function AuditPage() {
  const [action, setAction] = useState('');
  const [subject, setSubject] = useState('');
  const [versionId, setVersionId] = useState('');
  // In chain order, a page of PAGE at a time (the api pages by afterSeq).
  const events = useInfiniteQuery({
    queryKey: ['audit', action, subject],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => api<AuditEvent[]>(`/audit${qs({ action, subject, afterSeq: pageParam || undefined, limit: PAGE })}`),
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1].seq : undefined),
  });
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => api<Verify>('/audit/verify') });
  const rows = events.data?.pages.flat() ?? [];
  return (
    <>
      <h1>Audit</h1>
      <div className="card">
        <strong>Chain</strong> <ErrorBox error={verify.error} />
        {verify.data && (
          <span data-testid="chain-status">
            {' '}
            <Badge value={verify.data.ok ? 'pass' : 'fail'} /> {verify.data.checked} events checked
            {verify.data.firstBroken ? ` — first broken at #${verify.data.firstBroken.seq}: ${verify.data.firstBroken.reason}` : ', unbroken'} · head{' '}
            <code className="small">{verify.data.lastHash.slice(0, 16)}…</code>
          </span>
        )}
      </div>
      <div className="card row">
        <label>
          Evidence bundle of model version id
          <input aria-label="model version id" value={versionId} onChange={(e) => setVersionId(e.target.value.trim())} size={38} />
        </label>
        {versionId && <EvidenceLink id={versionId} />}
      </div>
      <div className="row">
        <label>
          Action
          <input aria-label="action filter" value={action} onChange={(e) => setAction(e.target.value.trim())} placeholder="e.g. promotion.approved" />
        </label>
        <label>
          Subject
          <input aria-label="subject filter" value={subject} onChange={(e) => setSubject(e.target.value.trim())} placeholder="an id" />
        </label>
      </div>
      <ErrorBox error={events.error} />
      {events.isLoading && <Loading what="audit events" />}
      {events.data && rows.length === 0 && <Empty>No audit event{action || subject ? ' matches these filters' : ' yet'}.</Empty>}
      {rows.length > 0 && (
        <table className="card small">
          <thead>
            <tr>
              <th>#</th>
              <th>at</th>
              <th>actor</th>
              <th>action</th>
              <th>subject</th>
              <th>payload</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>
                  <Time t={e.at} />
                </td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.subject}</td>
                <td>
                  <code>{e.payload.length > 160 ? `${e.payload.slice(0, 160)}…` : e.payload}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {events.hasNextPage && (
        <button onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          {events.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
