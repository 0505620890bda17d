import type { ReactNode } from 'react';
import { errorMessage } from '../api';
import { local, utc } from '../format';

/** Every api error as its message, never a silent failure. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="error" role="alert">
      {errorMessage(error)}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Loading({ what }: { what: string }) {
  return <div className="muted">Loading {what}…</div>;
}

/** A time in UTC with the viewer's local time beside it. */
export function Time({ t }: { t: number | string | null | undefined }) {
  if (t === null || t === undefined) return <span className="muted">—</span>;
  return (
    <span title={new Date(t).toISOString()}>
      {utc(t)} <span className="muted small">({local(t)})</span>
    </span>
  );
}

export function Badge({ value }: { value: string | null | undefined }) {
  return <span className={`badge ${value ?? ''}`}>{value ?? '—'}</span>;
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label?: string }) {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const percent = Math.round(share * 100);
  return (
    <div className="row">
      <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={label ?? 'progress'}>
        <div style={{ width: `${percent}%` }} />
      </div>
      <span data-testid="progress-text">
        {percent} % ({done}/{total})
      </span>
    </div>
  );
}
