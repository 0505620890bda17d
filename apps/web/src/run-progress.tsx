import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';
import { readStream } from './stream';

export interface RunSummary {
  id: string;
  modelVersionId: string;
  status: string;
  from: string;
  to: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  progress: { total: number; done: number; failed: number };
  note?: string | null;
}

export const FINISHED = ['completed', 'partial', 'failed', 'cancelled'];

/**
 * A run's progress, live: the event stream (when the api has one) refreshes it on each
 * event, and a poll every second carries it where there is no stream. Stops when the run ends.
 */
export function useRunProgress(runId: string | null | undefined) {
  const client = useQueryClient();
  const run = useQuery({
    queryKey: ['run', runId],
    queryFn: () => api<RunSummary>(`/evaluations/${runId}`),
    enabled: !!runId,
    refetchInterval: (q) => (q.state.data && FINISHED.includes(q.state.data.status) ? false : 1000),
  });
  const finished = !!run.data && FINISHED.includes(run.data.status);
  useEffect(() => {
    if (!runId || finished) return;
    const abort = new AbortController();
    void readStream((e) => {
      if (JSON.stringify(e.data).includes(runId)) void client.invalidateQueries({ queryKey: ['run', runId] });
    }, abort.signal);
    return () => abort.abort();
  }, [runId, finished, client]);
  return run;
}
