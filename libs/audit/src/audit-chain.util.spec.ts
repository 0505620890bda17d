import { createHash } from 'node:crypto';
import {
  ChainedEvent,
  compareWithEarlierHead,
  eventHash,
  GENESIS_HASH,
  headIsAuthentic,
  HEAD_TEXT_PATTERN,
  headText,
  parseHead,
  signHead,
  verifyChain,
} from './audit-chain.util';

function chain(n: number, format?: (seq: number) => number | undefined): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = {
      seq,
      at: 1_700_000_000_000 + seq,
      actor: 'ann',
      action: 'machine.created',
      subject: `machine:${seq}`,
      payload: `{"n":${seq}}`,
      prevHash: prev,
      format: format?.(seq),
    };
    const full = { ...e, hash: eventHash(e) };
    out.push(full);
    prev = full.hash;
  }
  return out;
}

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    const v = verifyChain(chain(5));
    expect(v).toMatchObject({ ok: true, checked: 5 });
  });

  it('names the first edited event', () => {
    const events = chain(5);
    events[2] = { ...events[2], payload: '{"n":99}' };
    expect(verifyChain(events)).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3 } });
  });

  it('names a deleted event', () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verifyChain(events).firstBroken).toEqual({ seq: 3, reason: expect.stringContaining('#2') });
  });

  it('catches an event re-hashed after editing by its broken link to the next one', () => {
    const events = chain(4);
    const edited = { ...events[1], actor: 'mallory' };
    events[1] = { ...edited, hash: eventHash(edited) };
    expect(verifyChain(events).firstBroken?.seq).toBe(3);
  });

  it('fixed hash for a known event, so the format cannot drift unnoticed', () => {
    // Hashed here with node:crypto directly, not the shared sha256Hex, so a change in that helper
    // cannot move the chain's format and its expected value together.
    expect(eventHash({ seq: 1, at: 0, actor: 'a', action: 'b', subject: 'c', payload: '{}', prevHash: GENESIS_HASH })).toBe(
      createHash('sha256').update(`${GENESIS_HASH}\n1\n0\na\nb\nc\n{}`).digest('hex'),
    );
  });

  it('fixed hash for a format-2 event: a JSON array of a tag and the fields', () => {
    expect(eventHash({ seq: 1, at: 0, actor: 'a', action: 'b', subject: 'c', payload: '{}', prevHash: GENESIS_HASH, format: 2 })).toBe(
      createHash('sha256').update(`["fleetgate-audit/2","${GENESIS_HASH}",1,0,"a","b","c","{}"]`).digest('hex'),
    );
  });

  it('no longer lets a newline inside a field move the boundary between fields (format 2)', () => {
    const base = { seq: 1, at: 0, action: 'user.created', payload: '{}', prevHash: GENESIS_HASH };
    const a = { ...base, actor: 'ann\nuser.created', subject: 'user:bob' };
    const b = { ...base, actor: 'ann', action: 'user.created\nuser.created', subject: 'user:bob' };
    // The old encoding: "ann\nuser.created" + "user.created" and "ann" + "user.created\nuser.created" are one text.
    expect(eventHash({ ...a, action: 'user.created' })).toBe(eventHash({ ...b }));
    expect(eventHash({ ...a, action: 'user.created', format: 2 })).not.toBe(eventHash({ ...b, format: 2 }));
  });

  it('verifies a chain whose older events use format 1 and newer ones format 2, but not a later event back in format 1', () => {
    const mixed = chain(6, (seq) => (seq <= 3 ? undefined : 2));
    expect(verifyChain(mixed)).toMatchObject({ ok: true, checked: 6 });
    const downgraded = chain(6, (seq) => (seq <= 3 || seq === 5 ? 1 : 2));
    expect(verifyChain(downgraded).firstBroken).toEqual({ seq: 5, reason: expect.stringContaining('format 1 after format 2') });
    const unknown = chain(2, (seq) => (seq === 2 ? 2 : 1));
    unknown[1] = { ...unknown[1], format: 9 };
    expect(verifyChain(unknown).firstBroken).toEqual({ seq: 2, reason: 'unknown hash format 9' });
  });
});

describe('the signed head', () => {
  const key = 'k'.repeat(32);
  const events = chain(10, () => 2);
  const headOf = (n: number) => signHead(key, n, n === 0 ? GENESIS_HASH : events[n - 1].hash);

  it('extends an earlier head when events were only appended', () => {
    expect(compareWithEarlierHead(key, headOf(7), { count: 10, hashAt: events[6].hash })).toEqual({
      ok: true,
      outcome: 'extends',
      detail: 'the chain extends the earlier head (7 events then, 10 now)',
    });
  });

  it('reports the last 3 events deleted against an earlier head', () => {
    // The truncated chain itself still verifies: only the earlier head shows the loss.
    expect(verifyChain(events.slice(0, 7))).toMatchObject({ ok: true, checked: 7 });
    expect(compareWithEarlierHead(key, headOf(10), { count: 7, hashAt: undefined })).toEqual({
      ok: false,
      outcome: 'truncated',
      detail: 'the chain holds 7 events; an earlier head recorded 10: events #8–#10 were deleted',
    });
  });

  it('reports an edited event whose followers were re-hashed; a head forged for the new chain fails its HMAC', () => {
    const rewritten: ChainedEvent[] = [];
    let prev = GENESIS_HASH;
    for (const e of events) {
      const { hash: _old, ...rest } = { ...e, prevHash: prev, actor: e.seq === 4 ? 'mallory' : e.actor };
      const full = { ...rest, hash: eventHash(rest) };
      rewritten.push(full);
      prev = full.hash;
    }
    expect(verifyChain(rewritten)).toMatchObject({ ok: true, checked: 10 });
    const earlier = headOf(10);
    expect(compareWithEarlierHead(key, earlier, { count: 10, hashAt: prev })).toMatchObject({ ok: false, outcome: 'rewritten' });
    // The attacker edits the earlier copy too, but cannot sign it without the key.
    const forged = { ...earlier, hash: prev };
    expect(headIsAuthentic(key, forged)).toBe(false);
    expect(compareWithEarlierHead(key, forged, { count: 10, hashAt: prev })).toMatchObject({ ok: false, outcome: 'not-authentic' });
    expect(headIsAuthentic(key, signHead('another key of 32 characters....', 10, prev))).toBe(false);
  });

  it('reads a head from its text form and names the faulty part', () => {
    const h = headOf(3);
    expect(HEAD_TEXT_PATTERN.test(headText(h))).toBe(true);
    expect(parseHead(headText(h))).toEqual({ head: h });
    expect(parseHead({ ...h })).toEqual({ head: h });
    expect(parseHead('3:abc')).toEqual({ error: 'expected <count>:<hash>:<hmac>' });
    expect(parseHead({ ...h, hash: 'xyz' })).toEqual({ error: 'hash: expected 64 hex digits' });
    expect(parseHead({ ...h, count: -1 })).toEqual({ error: 'count: expected an integer ≥ 0' });
  });
});
