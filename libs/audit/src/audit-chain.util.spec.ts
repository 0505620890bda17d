import { createHash } from 'node:crypto';
import { ChainedEvent, eventHash, GENESIS_HASH, verifyChain } from './audit-chain.util';

function chain(n: number): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = { seq, at: 1_700_000_000_000 + seq, actor: 'ann', action: 'machine.created', subject: `machine:${seq}`, payload: `{"n":${seq}}`, prevHash: prev };
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
});
