import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEventEntity, AuditService, eventHash, headText } from '@fleetgate/audit';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { proposePolicy } from '../gate/gate-test.fixtures';

interface Head {
  count: number;
  hash: string;
  hmac: string;
}

/** What an attacker with write access to the database (and no key) can and cannot hide. */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('anchored audit chain (%s)', (_driver, sqlite) => {
  let api: TestApi;
  const call = (path: string) => request(api.url).get(`/api${path}`).set('authorization', `Bearer ${api.tokens.admin}`);
  const verify = async (against?: Head) => (await call(`/audit/verify${against ? `?against=${headText(against)}` : ''}`).expect(200)).body;
  const propose = (name: string) => proposePolicy(api, name);
  const events = () => api.app.get(DataSource).getRepository(AuditEventEntity);

  /** Rewrites every event from `seq` on so that each hashes and links again: an undetectable edit without an anchor. */
  async function rehashFrom(seq: number): Promise<void> {
    const all = await events().find({ order: { seq: 'ASC' } });
    let prev = all.find((e) => e.seq === seq - 1)!.hash;
    for (const e of all.filter((x) => x.seq >= seq)) {
      const hash = eventHash({ ...e, prevHash: prev });
      await events().update({ seq: e.seq }, { prevHash: prev, hash });
      prev = hash;
    }
  }

  beforeAll(async () => {
    api = await startApi({ sqlite });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('signs the head of an intact chain and writes new events in the unambiguous format', async () => {
    await propose('p1');
    const v = await verify();
    const count = await events().count();
    expect(v).toMatchObject({ ok: true, checked: count, head: { count, hash: v.lastHash, hmac: expect.stringMatching(/^[0-9a-f]{64}$/) }, keyIsDefault: true });
    expect(new Set((await events().find()).map((e) => e.format))).toEqual(new Set([2]));
    // Fields with newlines are stored and verify like any other.
    await api.app.get(AuditService).append({ actor: 'ann\nuser.created', action: 'note', subject: 'x\ny', payload: { text: 'a\nb' } });
    expect((await verify()).ok).toBe(true);
  });

  it('detects the last 3 events deleted against an earlier head, though the shortened chain alone verifies', async () => {
    const before = (await verify()).head as Head;
    for (const n of ['p2', 'p3', 'p4']) await propose(n);
    const earlier = (await verify()).head as Head;
    expect(earlier.count).toBe(before.count + 3);
    await api.app.get(DataSource).query(`DELETE FROM audit_events WHERE seq > ${before.count}`);

    const alone = await verify();
    expect(alone).toMatchObject({ ok: true, checked: before.count });
    const against = await verify(earlier);
    expect(against.ok).toBe(false);
    expect(against.against).toEqual({
      ok: false,
      outcome: 'truncated',
      detail: `the chain holds ${before.count} events; an earlier head recorded ${earlier.count}: events #${before.count + 1}–#${earlier.count} were deleted`,
    });
    // An older head is still honoured.
    expect((await verify(before)).against).toMatchObject({ ok: true, outcome: 'extends' });
  });

  it('detects an edited event whose followers were re-hashed; a head forged to match is refused without the key', async () => {
    await propose('p5');
    const earlier = (await verify()).head as Head;
    await events().update({ seq: 3 }, { actor: 'mallory' });
    expect((await verify()).firstBroken).toMatchObject({ seq: 3 });
    await rehashFrom(3);

    const now = await verify();
    expect(now.ok).toBe(true); // a chain rewritten end to end is consistent in itself
    const against = await verify(earlier);
    expect(against).toMatchObject({ ok: false, against: { ok: false, outcome: 'rewritten' } });
    expect(against.against.detail).toContain(`event #${earlier.count} now hashes to ${now.head.hash}`);
    const forged = { ...earlier, hash: now.head.hash };
    expect((await verify(forged)).against).toMatchObject({ ok: false, outcome: 'not-authentic' });
  });

  it('refuses a malformed earlier head, naming the parameter', async () => {
    const res = await call('/audit/verify?against=12:abc').expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'against' });
  });
});
