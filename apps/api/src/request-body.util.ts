import { ErrorDetail, invalid } from '@fleetgate/common';

/** Deeper JSON is refused before anything recurses over it (no request of ours nests past ~6). */
export const MAX_JSON_DEPTH = 64;

/** Content types the api reads a body of; anything else with a body is a 415 before routing. */
export const BODY_TYPES = ['application/json', 'text/csv', 'text/plain', 'application/octet-stream', 'multipart/form-data'];

/** Whether a content-type header names a type the api reads (parameters such as charset aside). */
export function readsBody(contentType: string | undefined): boolean {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return BODY_TYPES.includes(mime);
}

/**
 * Where JSON text nests deeper than `max` (byte offset of the bracket that goes one level
 * too deep), or null. Counts brackets outside strings only; does not otherwise check syntax.
 */
export function jsonTooDeepAt(text: Buffer | string, max = MAX_JSON_DEPTH): number | null {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/** body-parser `verify` hook: refuses too-deep JSON with a 400 naming the byte. */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  const at = jsonTooDeepAt(buf);
  if (at !== null) throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels at byte ${at}`), { status: 400, tooDeepAt: at });
}

/** The byte a JSON.parse error points at: its "position N", or the end for "unexpected end". */
export function jsonErrorByte(message: string, bodyLength: number | undefined): number {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/end of (JSON )?input/i.test(message) && bodyLength !== undefined) return bodyLength;
  return 0;
}

/**
 * Refuses NUL bytes anywhere in a value (PostgreSQL cannot store U+0000 in text), naming the
 * field path (`rules[2].match.pattern`), the key that holds one, or the line of a text body.
 */
export function assertNoNul(value: unknown, path: string): void {
  const found: ErrorDetail[] = [];
  findNul(value, path, found, 0);
  if (found.length) throw invalid(`NUL bytes (U+0000) are not accepted: ${found.map((d) => d.field ?? `line ${d.line}`).join(', ')}`, found);
}

function findNul(value: unknown, path: string, out: ErrorDetail[], depth: number): void {
  if (out.length >= 20 || depth > MAX_JSON_DEPTH + 2) return;
  if (typeof value === 'string') {
    const at = value.indexOf('\u0000');
    if (at < 0) return;
    if (!path && value.includes('\n')) out.push({ line: value.slice(0, at).split('\n').length, message: 'contains a NUL byte (U+0000)' });
    else out.push({ field: path || 'body', message: 'contains a NUL byte (U+0000)' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => findNul(v, `${path}[${i}]`, out, depth + 1));
    return;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !ArrayBuffer.isView(value)) {
    for (const [key, v] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) out.push({ field: field.split('\u0000').join('\\u0000'), message: 'the field name contains a NUL byte (U+0000)' });
      else findNul(v, field, out, depth + 1);
    }
  }
}
