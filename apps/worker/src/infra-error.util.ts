/** Socket-level failures: the server is away, not the machine's data at fault. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/** PostgreSQL SQLSTATEs of a server that is unreachable, restarting or full (class 08: connection exception). */
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;

const CONNECTION_MESSAGES =
  /connection terminated|connection is closed|connection (was )?closed|timeout exceeded when trying to connect|encountered a connection error|server closed the connection unexpectedly|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|Redis did not answer|MaxRetriesPerRequest|Stream isn't writeable/i;

/**
 * True when an error means PostgreSQL or Redis could not be reached (or dropped the
 * connection) — an outage to wait out, never a reason to give up on a machine. Looks through
 * TypeORM's `driverError` and `cause` chains.
 */
export function isInfrastructureError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || PG_UNAVAILABLE.test(e.code))) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  // AggregateError (e.g. a refused connection to both ::1 and 127.0.0.1).
  if (Array.isArray(e.errors) && e.errors.some((x) => isInfrastructureError(x, depth + 1))) return true;
  return isInfrastructureError(e.driverError, depth + 1) || isInfrastructureError(e.cause, depth + 1);
}

/** Wait before the next try after `retries` consecutive infrastructure errors: 1 s, 2 s, 4 s … capped at 30 s. */
export function infraBackoffMs(retries: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(Math.max(retries - 1, 0), 5));
}
