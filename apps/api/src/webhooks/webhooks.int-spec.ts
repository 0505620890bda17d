import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlarmEntity } from '@fleetgate/scoring';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertRun, insertVersion } from '../gate/gate-test.fixtures';

/**
 * The gate's decisions reach a hook's outbox with the decision itself: one event per request,
 * approval, rollback and rejection, numbered in the order they happened; a refused decision
 * leaves nothing. (Delivery is the worker's: test/webhooks.)
 */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('promotion events in the webhook outbox (%s)', (_, sqlite) => {
  let api: TestApi;
  const as = (user: string) => ({ authorization: `Bearer ${api.tokens[user]}` });

  beforeAll(async () => {
    api = await startApi({ sqlite });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('records requested, approved, rolled-back and rejected in order, and nothing for a refused approval', async () => {
    const hook = await request(api.url)
      .post('/api/webhooks')
      .set(as('admin'))
      .send({
        url: 'https://hooks.example.com/fleetgate',
        events: ['promotion.requested', 'promotion.approved', 'promotion.rejected', 'promotion.rolled-back'],
        secret: 'sixteen-chars-or-more',
      })
      .expect(201);
    expect(hook.body).not.toHaveProperty('secret');
    const machines = ['PLT1-W-01', 'PLT1-W-02', 'PLT1-W-03'];
    await importMachines(
      api.app,
      machines.map((assetId) => ({ assetId, site: 'PLT1', machineModel: 'P200' })),
    );
    const version = await insertVersion(api.app, 'pump-wh', 1);
    const run = await insertRun(
      api.app,
      version,
      machines.map((assetId) => ({ assetId, verdict: 'generalizes' as const, failures: 4, detected: 4 })),
    );
    const promote = () =>
      request(api.url)
        .post('/api/promotions')
        .set(as('mle'))
        .send({ modelVersionId: version, targetStage: 'production', scope: 'assets', assetIds: machines, evidenceRunId: run, justification: 'webhook test' })
        .expect(201);
    const first = await promote();
    const waivers = (first.body.blocking as string[]).map((ruleId) => ({ ruleId, justification: 'test fleet' }));
    // The requester may not approve their own request: refused, nothing in the outbox.
    await request(api.url).post(`/api/promotions/${first.body.id}/approve`).set(as('mle')).send({ waivers, owner: 'rel' }).expect(403);
    await request(api.url).post(`/api/promotions/${first.body.id}/approve`).set(as('rel')).send({ waivers, owner: 'rel' }).expect(200);
    await request(api.url).post(`/api/promotions/${first.body.id}/rollback`).set(as('rel')).send({}).expect(200);
    const second = await promote();
    await request(api.url).post(`/api/promotions/${second.body.id}/reject`).set(as('rel2')).send({ reason: 'not now' }).expect(200);

    const rows = (await api.app
      .get(DataSource)
      .query(`SELECT seq, type, payload FROM webhook_events WHERE hook_id = '${hook.body.id}' ORDER BY seq`)) as Array<{
      seq: number;
      type: string;
      payload: string;
    }>;
    expect(rows.map((r) => [Number(r.seq), r.type, JSON.parse(r.payload).promotionId])).toEqual([
      [1, 'promotion.requested', first.body.id],
      [2, 'promotion.approved', first.body.id],
      [3, 'promotion.rolled-back', first.body.id],
      [4, 'promotion.requested', second.body.id],
      [5, 'promotion.rejected', second.body.id],
    ]);
    expect(JSON.parse(rows[1].payload)).toMatchObject({ approvedBy: 'rel', owner: 'rel', model: 'pump-wh', version: 1, targetStage: 'production' });
    const list = await request(api.url).get('/api/webhooks').set(as('admin')).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: hook.body.id, status: 'active', pendingEvents: 5, deliveredEvents: 0 })]);
    expect(JSON.stringify(list.body)).not.toContain('sixteen-chars-or-more');
  });

  it('records an acknowledgement that closes an alarm as alarm.acknowledged then alarm.closed, with the acknowledgement', async () => {
    const hook = await request(api.url)
      .post('/api/webhooks')
      .set(as('admin'))
      .send({ url: 'https://hooks.example.com/alarms', events: ['alarm.acknowledged', 'alarm.closed'], secret: 'sixteen-chars-or-more' })
      .expect(201);
    const ds = api.app.get(DataSource);
    const [machine] = (await ds.query(`SELECT id FROM machines WHERE asset_id = 'PLT1-W-01'`)) as Array<{ id: string }>;
    const [version] = (await ds.query(`SELECT id FROM model_versions LIMIT 1`)) as Array<{ id: string }>;
    const alarm = Object.assign(new AlarmEntity(), {
      id: randomUUID(),
      machineId: machine.id,
      deploymentId: randomUUID(),
      modelVersionId: version.id,
      status: 'open',
      suppressed: false,
      maintenanceWindowId: null,
      openedAtMs: Date.now() - 3_600_000,
      openedScore: 0.9,
      threshold: 0.5,
      linkHorizonMs: 86_400_000,
      acknowledgedBy: null,
      acknowledgedAt: null,
      note: null,
      outcome: null,
      closedAtMs: null,
      closedReason: null,
      createdAt: Date.now(),
    });
    await ds.getRepository(AlarmEntity).insert(alarm);
    await request(api.url)
      .post(`/api/alarms/${alarm.id}/acknowledge`)
      .set(as('rel'))
      .send({ note: 'bearing replaced', outcome: 'confirmed-fault', close: true })
      .expect(200);
    const rows = (await ds.query(`SELECT seq, type, payload FROM webhook_events WHERE hook_id = '${hook.body.id}' ORDER BY seq`)) as Array<{
      seq: number;
      type: string;
      payload: string;
    }>;
    expect(rows.map((r) => [Number(r.seq), r.type])).toEqual([
      [1, 'alarm.acknowledged'],
      [2, 'alarm.closed'],
    ]);
    expect(JSON.parse(rows[0].payload)).toMatchObject({
      alarmId: alarm.id,
      status: 'closed',
      acknowledgedBy: 'rel',
      note: 'bearing replaced',
      outcome: 'confirmed-fault',
    });
  });

  it('refuses a private or local URL, naming the field', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://169.254.169.254/latest', 'http://localhost/x', 'http://[::1]/x']) {
      const res = await request(api.url)
        .post('/api/webhooks')
        .set(as('admin'))
        .send({ url, events: ['alarm.raised'], secret: 'sixteen-chars-or-more' })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
    }
  });
});
