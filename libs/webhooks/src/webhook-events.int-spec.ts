import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startApi, TestApi } from '../../../test/setup/harness';
import { enqueueWebhookEvent } from './webhook-events';
import { WebhookService } from './webhook.service';

/** The outbox insert on both drivers: it commits or rolls back with the caller's change, numbered per hook. */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('webhook outbox on %s', (_, sqlite) => {
  let api: TestApi;
  let ds: DataSource;
  let alarms: string;
  let models: string;
  const admin = { id: 'a', name: 'admin', role: 'admin' as const, sites: [] };

  beforeAll(async () => {
    process.env.FLEETGATE_WEBHOOK_ALLOW_PRIVATE = 'true';
    api = await startApi({ sqlite });
    ds = api.app.get(DataSource);
    const hooks = api.app.get(WebhookService);
    alarms = (await hooks.create({ url: 'http://127.0.0.1:9/a', events: ['alarm.raised', 'alarm.closed'], secret: 'a-secret-of-sixteen+' }, admin)).id;
    models = (await hooks.create({ url: 'http://127.0.0.1:9/m', events: ['model-version.registered', 'alarm.raised'], secret: 'a-secret-of-sixteen+' }, admin))
      .id;
  });
  afterAll(async () => {
    delete process.env.FLEETGATE_WEBHOOK_ALLOW_PRIVATE;
    await api?.close();
  });

  const outbox = async (hookId: string) =>
    (
      (await ds.query(`SELECT seq, type, payload FROM webhook_events WHERE hook_id = '${hookId}' ORDER BY seq`)) as Array<{
        seq: number;
        type: string;
        payload: string;
      }>
    ).map((r) => [Number(r.seq), r.type, JSON.parse(r.payload).n as number]);

  it('numbers each hook’s events in its own sequence, and only for the events it subscribed to', async () => {
    await ds.transaction((m) => enqueueWebhookEvent(m, 'alarm.raised', { n: 1 }));
    await ds.transaction((m) => enqueueWebhookEvent(m, 'model-version.registered', { n: 2 }));
    await ds.transaction((m) => enqueueWebhookEvent(m, 'alarm.closed', { n: 3 }));
    expect(await ds.transaction((m) => enqueueWebhookEvent(m, 'promotion.approved', { n: 4 }))).toBe(0);
    expect(await outbox(alarms)).toEqual([
      [1, 'alarm.raised', 1],
      [2, 'alarm.closed', 3],
    ]);
    expect(await outbox(models)).toEqual([
      [1, 'alarm.raised', 1],
      [2, 'model-version.registered', 2],
    ]);
  });

  it('leaves no event behind when the change it reports rolls back', async () => {
    const before = await outbox(alarms);
    await expect(
      ds.transaction(async (m) => {
        await enqueueWebhookEvent(m, 'alarm.raised', { n: 99 });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await outbox(alarms)).toEqual(before);
    // The sequence has no hole either: the counter rolled back with it.
    await ds.transaction((m) => enqueueWebhookEvent(m, 'alarm.raised', { n: 5 }));
    expect((await outbox(alarms)).at(-1)).toEqual([3, 'alarm.raised', 5]);
  });

  it('keeps consecutive numbers under concurrent transactions', async () => {
    if (sqlite) return; // one writer at a time on SQLite
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => ds.transaction((m) => enqueueWebhookEvent(m, 'model-version.registered', { n: 100 + i, id: randomUUID() }))),
    );
    const seqs = (await outbox(models)).map(([seq]) => seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });
});
