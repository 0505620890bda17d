/**
 * Secrets never reach a log line. Structured fields that can hold one are removed by path
 * (`REDACT_PATHS`, pino's redaction); free text is scrubbed of anything shaped like a
 * fleetgate token or an Authorization value (`scrubSecrets`), in case an error message
 * quotes one.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'token',
  'password',
  '*.token',
  '*.password',
  '*.authorization',
];

const FLEETGATE_TOKEN = /\bfg_[A-Za-z0-9_-]{8,}/g;
const AUTH_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const ADMIN_COOKIE = /\b(fleetgate_admin=)[^;\s"]+/g;

export function scrubSecrets(text: string): string {
  return text.replace(AUTH_VALUE, '$1 [redacted]').replace(ADMIN_COOKIE, '$1[redacted]').replace(FLEETGATE_TOKEN, 'fg_[redacted]');
}

/** `scrubSecrets` over the string values of a log object, two levels deep (an `err` object's message and stack too). */
export function scrubObject(obj: Record<string, unknown>, depth = 2): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(obj)) {
    let clean = value;
    if (typeof value === 'string') clean = scrubSecrets(value);
    else if (depth > 1 && value instanceof Error) clean = { type: value.name, message: scrubSecrets(value.message), stack: scrubSecrets(value.stack ?? '') };
    else if (depth > 1 && value && typeof value === 'object' && !Array.isArray(value)) clean = scrubObject(value as Record<string, unknown>, depth - 1);
    if (clean !== value) (out ??= { ...obj })[key] = clean;
  }
  return out ?? obj;
}
