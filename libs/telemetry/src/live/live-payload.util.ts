import { parseTimestamp } from '../import/csv-row.util';

/** Why a live message (or part of it) was not stored; each is counted and kept in the dead-letter table. */
export type DeadLetterKind =
  | 'not-json'
  | 'bad-payload'
  | 'too-large'
  | 'unknown-asset'
  | 'unmapped-tag'
  | 'ambiguous-tag'
  | 'non-numeric'
  | 'bad-timestamp'
  | 'future-timestamp'
  | 'off-grid'
  | 'internal-error';

export const DEAD_LETTER_KINDS: readonly DeadLetterKind[] = [
  'not-json',
  'bad-payload',
  'too-large',
  'unknown-asset',
  'unmapped-tag',
  'ambiguous-tag',
  'non-numeric',
  'bad-timestamp',
  'future-timestamp',
  'off-grid',
  'internal-error',
];

/** One reason within one message: the samples it covers (0 when the whole message was unreadable) and the first example. */
export interface DeadLetterReason {
  kind: DeadLetterKind;
  /** the raw tag concerned, '' when the reason is not about one tag */
  tag: string;
  detail: string;
  samples: number;
}

/** The accepted samples of one raw tag in one message, in payload order. */
export interface TagSamples {
  times: number[];
  values: number[];
}

export interface ParsedPayload {
  tags: Map<string, TagSamples>;
  /** number of values given (null values are missing and claim nothing) */
  samples: number;
  reasons: DeadLetterReason[];
}

/** Samples further ahead of the wall clock than this are refused: a gateway with a wrong clock must not write the future. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** Larger messages are refused unread (JSON.parse of megabytes would stall every machine behind it). */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/** Dead letters keep at most this much of the raw payload. */
export const DEAD_LETTER_PAYLOAD_BYTES = 64 * 1024;
// 1973-03-03: below it a number is epoch seconds (or garbage), not epoch ms; 2100 as the import's ISO bound.
const MIN_EPOCH_MS = 1e11;
const MAX_EPOCH_MS = Date.UTC(2100, 0, 1);

/** The asset id of a telemetry topic `<prefix>/<asset id>`, or null for any other topic. */
export function assetOfTopic(topic: string, prefix: string): string | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const asset = topic.slice(prefix.length + 1);
  return asset.length > 0 && !asset.includes('/') ? asset : null;
}

/** A payload timestamp → epoch ms: ISO-8601 (no zone = UTC) or epoch ms as a number or digits; null otherwise. */
export function parseLiveTimestamp(ts: unknown): number | null {
  if (typeof ts === 'number') return Number.isInteger(ts) && ts >= MIN_EPOCH_MS && ts < MAX_EPOCH_MS ? ts : null;
  if (typeof ts !== 'string' || ts.length > 64) return null;
  return parseTimestamp(ts);
}

function describe(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * One message's payload → accepted samples per raw tag, and every reason something was not
 * accepted. `{"ts", "values": {tag: number | null}}` or `{"samples": [{ts, values}, …]}`.
 * A null value is missing (claims nothing); anything else that is not a finite number is
 * refused with its tag. A bad or future timestamp refuses that sample's values. Reasons are
 * grouped per (kind, tag) so a batch of 60 bad samples is one reason counting 60.
 */
export function parseLivePayload(payload: Buffer | string, nowMs: number): ParsedPayload | { fatal: DeadLetterReason } {
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (bytes > MAX_PAYLOAD_BYTES)
    return { fatal: { kind: 'too-large', tag: '', detail: `${bytes} bytes; at most ${MAX_PAYLOAD_BYTES} per message`, samples: 0 } };
  let doc: unknown;
  try {
    doc = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch (error) {
    return { fatal: { kind: 'not-json', tag: '', detail: `not JSON: ${(error as Error).message}`, samples: 0 } };
  }
  const bad = (detail: string) => ({ fatal: { kind: 'bad-payload' as const, tag: '', detail, samples: 0 } });
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return bad(`expected an object {"ts", "values"} or {"samples": [...]}, got ${describe(doc)}`);
  const o = doc as Record<string, unknown>;
  let list: unknown[];
  if ('samples' in o) {
    if (!Array.isArray(o.samples)) return bad(`"samples" must be an array, got ${describe(o.samples)}`);
    list = o.samples;
  } else if ('values' in o || 'ts' in o) list = [o];
  else return bad(`expected {"ts", "values"} or {"samples": [...]}; found keys ${describe(Object.keys(o))}`);
  if (list.length === 0) return bad('no samples');

  const out: ParsedPayload = { tags: new Map(), samples: 0, reasons: [] };
  const grouped = new Map<string, DeadLetterReason>();
  const refuse = (kind: DeadLetterKind, tag: string, detail: string, samples: number): void => {
    const key = `${kind}\u0000${tag}`;
    const r = grouped.get(key);
    if (r) r.samples += samples;
    else grouped.set(key, { kind, tag, detail, samples });
  };
  list.forEach((s, i) => {
    const where = list.length > 1 ? `samples[${i}]` : 'the sample';
    if (!s || typeof s !== 'object' || Array.isArray(s)) return refuse('bad-payload', '', `${where} is not an object {"ts", "values"}`, 0);
    const { ts, values } = s as Record<string, unknown>;
    if (!values || typeof values !== 'object' || Array.isArray(values))
      return refuse('bad-payload', '', `${where}: "values" must be an object of raw tag → number`, 0);
    const entries = Object.entries(values as Record<string, unknown>).filter(([, v]) => v !== null);
    out.samples += entries.length;
    const t = parseLiveTimestamp(ts);
    if (t === null) return refuse('bad-timestamp', '', `${where}: bad timestamp ${describe(ts)} (ISO-8601 or epoch ms)`, entries.length);
    if (t > nowMs + MAX_FUTURE_MS)
      return refuse(
        'future-timestamp',
        '',
        `${where}: ${new Date(t).toISOString()} is ${Math.round((t - nowMs) / 1000)} s ahead of the clock (at most ${MAX_FUTURE_MS / 1000} s)`,
        entries.length,
      );
    for (const [tag, v] of entries) {
      if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 3.4e38) {
        refuse('non-numeric', tag, `non-numeric value ${describe(v)} for "${tag}" at ${new Date(t).toISOString()}`, 1);
        continue;
      }
      let acc = out.tags.get(tag);
      if (!acc) out.tags.set(tag, (acc = { times: [], values: [] }));
      acc.times.push(t);
      acc.values.push(v);
    }
  });
  out.reasons = [...grouped.values()];
  return out;
}

/**
 * The raw payload as kept with a dead letter: at most `limit` bytes of it, as UTF-8 text (NUL,
 * which PostgreSQL text cannot hold, and invalid bytes become U+FFFD), and whether it was cut.
 */
export function truncatePayload(payload: Buffer | string, limit = DEAD_LETTER_PAYLOAD_BYTES): { text: string; bytes: number; truncated: boolean } {
  const buf = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const truncated = buf.length > limit;
  let end = buf.length;
  if (truncated) {
    // Cut on a character boundary: drop a partial UTF-8 sequence at the end.
    end = limit;
    while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  }
  const text = buf.subarray(0, end).toString('utf8').replaceAll('\u0000', '\ufffd');
  return { text, bytes: buf.length, truncated };
}
