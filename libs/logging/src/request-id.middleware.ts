import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptedRequestId, runWithContext } from '@fleetgate/common';

/**
 * Gives every request an id — the caller's `X-Request-Id` when it is a plain short token,
 * else a new UUID — echoes it in the response, and runs the rest of the request in a context
 * that carries it, so log lines and the jobs the request enqueues name it. Mount it first (so
 * even a refused body has an id) and again after the body parsers, whose stream callbacks drop
 * the context; the second pass keeps the id.
 */
export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const requestId = (req as { id?: string }).id ?? acceptedRequestId(req.headers['x-request-id']) ?? randomUUID();
  (req as { id?: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  runWithContext({ requestId }, next);
}
