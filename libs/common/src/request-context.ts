import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a log line should say about the work in hand: the HTTP request that started it and,
 * in a worker, the job, run and machine. Bounded to ids; never a token or a body.
 */
export interface RequestContext {
  requestId?: string;
  jobId?: string;
  runId?: string;
  machineId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it awaits) with `context` merged over the surrounding one. */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** The context of the work in hand, or an empty one outside any request or job. */
export function currentContext(): RequestContext {
  return storage.getStore() ?? {};
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A caller's `X-Request-Id` when it is a short plain token (it ends up in logs and job data), else undefined. */
export function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID.test(value) ? value : undefined;
}
