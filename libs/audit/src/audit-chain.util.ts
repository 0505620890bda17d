import { createHmac, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@fleetgate/common';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash encoding new events are written with. 1: fields joined by `\n` (ambiguous — a
 * newline inside a field moves the boundary; kept only so events written with it still
 * verify). 2: a JSON array of a format tag and the fields, so every field has one boundary.
 */
export const CHAIN_FORMAT = 2;
const KNOWN_FORMATS = [1, 2];

export interface ChainedEvent {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  payload: string;
  prevHash: string;
  hash: string;
  /** Hash encoding; absent means 1 (bundles exported before formats existed). */
  format?: number;
}

export const isKnownFormat = (format: number | undefined): boolean => KNOWN_FORMATS.includes(format ?? 1);

/** The hash covers the previous hash and every field, with the payload as stored text. */
export function eventHash(e: Omit<ChainedEvent, 'hash'>): string {
  const format = e.format ?? 1;
  if (format === 1) return sha256Hex([e.prevHash, e.seq, e.at, e.actor, e.action, e.subject, e.payload].join('\n'));
  if (format === 2) return sha256Hex(JSON.stringify(['fleetgate-audit/2', e.prevHash, e.seq, e.at, e.actor, e.action, e.subject, e.payload]));
  throw new Error(`unknown audit hash format ${String(format)}`);
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first event whose link or hash does not hold, and why. */
  firstBroken?: { seq: number; reason: string };
  lastHash: string;
  /** The encoding of the last event checked (a later event may not fall back to an older one). */
  lastFormat?: number;
}

/** Walks events in seq order; `prevHash` is the hash the first event must link to. */
export function verifyChain(events: Iterable<ChainedEvent>, prevHash = GENESIS_HASH, expectedSeq = 1, prevFormat = 1): ChainVerdict {
  let checked = 0;
  for (const e of events) {
    const fail = (reason: string): ChainVerdict => ({ ok: false, checked, firstBroken: { seq: e.seq, reason }, lastHash: prevHash, lastFormat: prevFormat });
    const format = e.format ?? 1;
    if (e.seq !== expectedSeq) return fail(`expected event #${expectedSeq}, found #${e.seq} (an event is missing)`);
    if (e.prevHash !== prevHash) return fail('does not link to the previous event');
    if (!isKnownFormat(format)) return fail(`unknown hash format ${format}`);
    if (format < prevFormat) return fail(`hash format ${format} after format ${prevFormat} (an event was re-encoded in an older format)`);
    if (eventHash(e) !== e.hash) return fail('content does not match its hash (edited after it was written)');
    prevHash = e.hash;
    prevFormat = format;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked, lastHash: prevHash, lastFormat: prevFormat };
}

/**
 * The chain's head: how many events it holds, the hash of the last one, and an HMAC of both
 * under a key kept outside the database. Anyone holding an earlier head can tell whether the
 * chain still extends it; nobody without the key can make a head for a rewritten chain.
 */
export interface ChainHead {
  count: number;
  hash: string;
  hmac: string;
}

const headMac = (key: string, count: number, hash: string): string =>
  createHmac('sha256', key)
    .update(JSON.stringify(['fleetgate-audit-head/1', count, hash]))
    .digest('hex');

export function signHead(key: string, count: number, hash: string): ChainHead {
  return { count, hash, hmac: headMac(key, count, hash) };
}

export function headIsAuthentic(key: string, head: ChainHead): boolean {
  const expected = Buffer.from(headMac(key, head.count, head.hash), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(head.hmac) ? head.hmac : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `count:hash:hmac`, the head as one copyable word. */
export const headText = (h: ChainHead): string => `${h.count}:${h.hash}:${h.hmac}`;

/** The text form `count:hash:hmac` — one word a user can copy; validated by `HEAD_TEXT_PATTERN`. */
export const HEAD_TEXT_PATTERN = /^(0|[1-9][0-9]{0,14}):[0-9a-f]{64}:[0-9a-f]{64}$/;

/** Reads a head from its text form or from an object carrying one; names what is wrong. */
export function parseHead(input: unknown): { head: ChainHead } | { error: string } {
  let o: unknown = input;
  if (typeof input === 'string') {
    const parts = input.trim().split(':');
    if (parts.length !== 3) return { error: 'expected <count>:<hash>:<hmac>' };
    o = { count: Number(parts[0]), hash: parts[1], hmac: parts[2] };
  }
  const h = (o ?? {}) as Partial<ChainHead>;
  if (typeof h.count !== 'number' || !Number.isSafeInteger(h.count) || h.count < 0) return { error: 'count: expected an integer ≥ 0' };
  if (typeof h.hash !== 'string' || !/^[0-9a-f]{64}$/.test(h.hash)) return { error: 'hash: expected 64 hex digits' };
  if (typeof h.hmac !== 'string' || !/^[0-9a-f]{64}$/.test(h.hmac)) return { error: 'hmac: expected 64 hex digits' };
  return { head: { count: h.count, hash: h.hash, hmac: h.hmac } };
}

export type AnchorOutcome = 'extends' | 'truncated' | 'rewritten' | 'not-authentic';

export interface AnchorVerdict {
  ok: boolean;
  outcome: AnchorOutcome;
  detail: string;
}

/**
 * Compares the chain as stored now with an earlier head. `hashAt` is the hash of the stored
 * event numbered `earlier.count` (GENESIS_HASH for 0), or undefined when there is none.
 */
export function compareWithEarlierHead(key: string, earlier: ChainHead, now: { count: number; hashAt: string | undefined }): AnchorVerdict {
  if (!headIsAuthentic(key, earlier))
    return { ok: false, outcome: 'not-authentic', detail: "the earlier head's HMAC does not match: it was altered, or issued under another key" };
  if (now.count < earlier.count || now.hashAt === undefined)
    return {
      ok: false,
      outcome: 'truncated',
      detail: `the chain holds ${now.count} events; an earlier head recorded ${earlier.count}: events #${now.count + 1}–#${earlier.count} were deleted`,
    };
  if (now.hashAt !== earlier.hash)
    return {
      ok: false,
      outcome: 'rewritten',
      detail: `event #${earlier.count} now hashes to ${now.hashAt}, the earlier head recorded ${earlier.hash}: events up to #${earlier.count} were rewritten`,
    };
  return { ok: true, outcome: 'extends', detail: `the chain extends the earlier head (${earlier.count} events then, ${now.count} now)` };
}
