/** Delay before attempt `attempt + 1` after `attempt` failed (1-based): base × 2^(attempt−1), capped. */
export function retryDelayMs(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export interface OutboxHead {
  id: string;
  seq: number;
  status: 'pending' | 'delivered';
  attempts: number;
  nextAttemptAt: number | null;
}

/**
 * The one event of a hook that may be sent now: the lowest-sequence pending one, and only while
 * the hook is active — a later event waits while an earlier one retries, and a paused hook sends
 * nothing. Returns the attempt number to make and how long to wait for it.
 */
export function nextDelivery(
  hookStatus: 'active' | 'paused',
  events: OutboxHead[],
  nowMs: number,
): { eventId: string; attempt: number; delayMs: number } | null {
  if (hookStatus !== 'active') return null;
  let head: OutboxHead | null = null;
  for (const e of events) if (e.status === 'pending' && (!head || e.seq < head.seq)) head = e;
  if (!head) return null;
  return { eventId: head.id, attempt: head.attempts + 1, delayMs: Math.max(0, (head.nextAttemptAt ?? nowMs) - nowMs) };
}

export type AttemptVerdict = { kind: 'delivered' } | { kind: 'retry'; delayMs: number } | { kind: 'pause'; reason: string };

/** What follows one attempt: a 2xx delivers; otherwise retry with backoff until the last attempt, which pauses the hook. */
export function afterAttempt(
  attempt: number,
  outcome: { status?: number; error?: string },
  policy: { maxAttempts: number; baseMs: number; capMs: number },
): AttemptVerdict {
  if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) return { kind: 'delivered' };
  if (attempt >= policy.maxAttempts) {
    const what = outcome.status !== undefined ? `HTTP ${outcome.status}` : (outcome.error ?? 'no answer');
    return { kind: 'pause', reason: `event not delivered after ${attempt} attempts (last: ${what})` };
  }
  return { kind: 'retry', delayMs: retryDelayMs(attempt, policy.baseMs, policy.capMs) };
}
