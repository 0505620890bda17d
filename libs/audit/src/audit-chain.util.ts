import { sha256Hex } from '@fleetgate/common';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEvent {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  payload: string;
  prevHash: string;
  hash: string;
}

/** The hash covers the previous hash and every field, with the payload as stored text. */
export function eventHash(e: Omit<ChainedEvent, 'hash'>): string {
  const text = [e.prevHash, e.seq, e.at, e.actor, e.action, e.subject, e.payload].join('\n');
  return sha256Hex(text);
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first event whose link or hash does not hold, and why. */
  firstBroken?: { seq: number; reason: string };
  lastHash: string;
}

/** Walks events in seq order; `prevHash` is the hash the first event must link to. */
export function verifyChain(events: Iterable<ChainedEvent>, prevHash = GENESIS_HASH, expectedSeq = 1): ChainVerdict {
  let checked = 0;
  for (const e of events) {
    const fail = (reason: string): ChainVerdict => ({ ok: false, checked, firstBroken: { seq: e.seq, reason }, lastHash: prevHash });
    if (e.seq !== expectedSeq) return fail(`expected event #${expectedSeq}, found #${e.seq} (an event is missing)`);
    if (e.prevHash !== prevHash) return fail('does not link to the previous event');
    if (eventHash(e) !== e.hash) return fail('content does not match its hash (edited after it was written)');
    prevHash = e.hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked, lastHash: prevHash };
}
