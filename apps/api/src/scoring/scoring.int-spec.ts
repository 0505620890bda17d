import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Actor } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { AlarmEntity, MachineHealthEntity, MachineScoreEntity, StreamService } from '@fleetgate/scoring';
import { ScoringRepository } from '../../../../libs/scoring/src/score/scoring.repository';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertVersion } from '../gate/gate-test.fixtures';

const H = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);

/**
 * The scoring tables on both databases: scores are upserted on (machine, version, window end),
 * alarms are acknowledged through the api (a plant manager on their site only), maintenance
 * windows cover a line, and the outbox is read back site-filtered.
 */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('scoring store on %s', (_name, sqlite) => {
  let api: TestApi;
  let repo: ScoringRepository;
  let mine: { id: string; lineId: string | null };
  let theirs: { id: string };
  let versionId: string;
  const deploymentId = randomUUID();
  const as = (user: string) => ({ authorization: `Bearer ${api.tokens[user]}` });

  const score = (machineId: string, i: number, value: number) =>
    Object.assign(new MachineScoreEntity(), {
      machineId,
      modelVersionId: versionId,
      windowEndMs: T0 + i * H,
      deploymentId,
      score: value,
      threshold: 0.5,
      beyond: value > 0.5,
      healthy: true,
      scoredAt: Date.now(),
    });
  const alarm = (machineId: string) =>
    Object.assign(new AlarmEntity(), {
      id: randomUUID(),
      machineId,
      deploymentId,
      modelVersionId: versionId,
      status: 'open',
      suppressed: false,
      maintenanceWindowId: null,
      openedAtMs: T0 + 3 * H,
      openedScore: 0.9,
      threshold: 0.5,
      linkHorizonMs: 72 * H,
      acknowledgedBy: null,
      acknowledgedAt: null,
      note: null,
      outcome: null,
      closedAtMs: null,
      closedReason: null,
      createdAt: Date.now(),
    });

  beforeAll(async () => {
    api = await startApi({ sqlite });
    await importMachines(api.app, [
      { assetId: 'PLT1-S-01', site: 'PLT1', line: 'L1', machineModel: 'P200' },
      { assetId: 'PLT2-S-01', site: 'PLT2', line: 'L9', machineModel: 'P200' },
    ]);
    const fleet = api.app.get(FleetService);
    mine = (await fleet.getMachine('PLT1-S-01'))!;
    theirs = (await fleet.getMachine('PLT2-S-01'))!;
    versionId = await insertVersion(api.app, 'pump', 1);
    repo = api.app.get(ScoringRepository);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  it('upserts scores: the same windows again add no row and keep the newest values', async () => {
    const health = Object.assign(new MachineHealthEntity(), {
      machineId: mine.id,
      state: 'alarm',
      reason: null,
      deploymentId,
      modelVersionId: versionId,
      score: 0.9,
      threshold: 0.5,
      higherIsWorse: true,
      windowEndMs: T0 + 3 * H,
      lastDataMs: T0 + 3 * H,
      qualityGrade: 'good',
      updatedAt: Date.now(),
    });
    const mineAlarm = alarm(mine.id);
    await repo.write({
      scores: [1, 2, 3].map((i) => score(mine.id, i, 0.2 * i)),
      newAlarms: [mineAlarm, alarm(theirs.id)],
      closeAlarms: [],
      health,
      events: [
        { type: 'alarm-raised', site: 'PLT1', machineId: mine.id, payload: { assetId: 'PLT1-S-01', site: 'PLT1' } },
        { type: 'alarm-raised', site: 'PLT2', machineId: theirs.id, payload: { assetId: 'PLT2-S-01', site: 'PLT2' } },
      ],
    });
    await repo.write({
      scores: [1, 2, 3].map((i) => score(mine.id, i, 0.3 * i)),
      newAlarms: [],
      closeAlarms: [],
      health: { ...health, score: 0.95 },
      events: [],
    });
    expect(await repo.countScores([mine.id])).toBe(3);
    const recent = await repo.recentScores(mine.id, versionId, 2);
    expect(recent.map((s) => [s.windowEndMs - T0, Number(s.score.toFixed(2))])).toEqual([
      [3 * H, 0.9],
      [2 * H, 0.6],
    ]);
    expect((await repo.openAlarm(deploymentId))?.openedAtMs).toBe(T0 + 3 * H);
    // Only active production deployments are looked up (none here): the query runs on both drivers.
    expect((await repo.lastScoredEnds()).size).toBe(0);
  });

  it("fleet health is served from a snapshot, yet a worker's health write shows at once", async () => {
    const scoreOf = async () => {
      const res = await request(api.url).get('/api/fleet/health').set(as('admin')).expect(200);
      return (res.body.machines as Array<{ assetId: string; score: number | null }>).find((m) => m.assetId === 'PLT1-S-01')!.score;
    };
    const before = await repo.healthStamp();
    expect(await repo.healthStamp()).toBe(before);
    const first = await scoreOf();
    const [row] = await repo.healthOf([mine.id]);
    // What a scoring job does: a new health row in its write, with a later updated_at.
    await repo.write({ scores: [], newAlarms: [], closeAlarms: [], health: { ...row, score: 0.42, updatedAt: row.updatedAt + 1 }, events: [] });
    expect(await repo.healthStamp()).not.toBe(before);
    expect(await scoreOf()).toBe(0.42);
    expect(first).not.toBe(0.42);
  });

  it('a plant manager lists and acknowledges alarms of their site only; outcomes give the precision', async () => {
    const pmList = await request(api.url).get('/api/alarms').set(as('pm')).expect(200);
    expect(pmList.body.alarms.map((a: { assetId: string }) => a.assetId)).toEqual(['PLT1-S-01']);
    const all = await request(api.url).get('/api/alarms').set(as('rel')).expect(200);
    const other = all.body.alarms.find((a: { assetId: string }) => a.assetId === 'PLT2-S-01');
    await request(api.url).post(`/api/alarms/${other.id}/acknowledge`).set(as('pm')).send({ outcome: 'false-alarm' }).expect(404);
    const acked = await request(api.url)
      .post(`/api/alarms/${pmList.body.alarms[0].id}/acknowledge`)
      .set(as('pm'))
      .send({ outcome: 'confirmed-fault', note: 'bearing worn', close: true })
      .expect(200);
    expect(acked.body).toMatchObject({ acknowledgedBy: 'pm', outcome: 'confirmed-fault', note: 'bearing worn', status: 'closed' });
    const after = await request(api.url).get('/api/alarms').set(as('pm')).expect(200);
    expect(after.body.precision).toEqual([expect.objectContaining({ assetId: 'PLT1-S-01', confirmed: 1, falseAlarms: 0, estimate: 1 })]);
    const bad = await request(api.url).post(`/api/alarms/${other.id}/acknowledge`).set(as('rel')).send({ outcome: 'maybe' }).expect(400);
    expect(bad.body.errors[0].field).toBe('outcome');
  });

  it('a maintenance window for a line covers its machines; bad input names the field; plant managers cannot add one', async () => {
    const created = await request(api.url)
      .post('/api/maintenance-windows')
      .set(as('rel'))
      .send({ site: 'PLT1', line: 'L1', from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z', reason: 'line stop' })
      .expect(201);
    expect(created.body).toMatchObject({ assetId: null, site: 'PLT1', line: 'L1', createdBy: 'rel' });
    expect((await repo.maintenanceFor(mine.id, mine.lineId, T0 + H, T0 + 2 * H)).map((w) => w.id)).toEqual([created.body.id]);
    expect(await repo.maintenanceFor(theirs.id, null, T0 + H, T0 + 2 * H)).toEqual([]);
    const bad = await request(api.url)
      .post('/api/maintenance-windows')
      .set(as('rel'))
      .send({ assetId: 'PLT1-S-01', from: 'soon', to: '2026-06-02T00:00:00Z', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
    const noLine = await request(api.url)
      .post('/api/maintenance-windows')
      .set(as('rel'))
      .send({ site: 'PLT1', line: 'L7', from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z', reason: 'x' });
    expect(noLine.status).toBe(400);
    expect(noLine.body.errors[0].field).toBe('line');
    await request(api.url).post('/api/maintenance-windows').set(as('pm')).send({}).expect(403);
    const pmList = await request(api.url).get('/api/maintenance-windows').set(as('pm')).expect(200);
    expect(pmList.body.map((w: { site: string }) => w.site)).toEqual(['PLT1']);
  });

  it('the outbox is read in order after an id, a plant manager getting only their sites', async () => {
    const stream = api.app.get(StreamService);
    const pm: Actor = { id: 'x', name: 'pm', role: 'plant-manager', sites: ['PLT1'] };
    const rel: Actor = { id: 'y', name: 'rel', role: 'reliability-engineer', sites: [] };
    const everything = await stream.after(rel, 0);
    expect(everything.messages.map((m) => m.data.site)).toEqual(expect.arrayContaining(['PLT1', 'PLT2']));
    const ids = everything.messages.map((m) => m.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect((await stream.after(pm, 0)).messages.every((m) => m.data.site === 'PLT1')).toBe(true);
    expect((await stream.after(rel, everything.lastId)).messages).toEqual([]);
    expect(await stream.latestId()).toBe(everything.lastId);
  });

  it('telemetry and health of a machine without data: empty plot, not-covered health; points out of range named', async () => {
    const plot = await request(api.url).get('/api/machines/PLT1-S-01/telemetry?points=10').set(as('pm')).expect(200);
    expect(plot.body.signals).toEqual({});
    await request(api.url).get('/api/machines/PLT2-S-01/telemetry').set(as('pm')).expect(404);
    const bad = await request(api.url).get('/api/machines/PLT1-S-01/telemetry?points=999999').set(as('pm')).expect(400);
    expect(bad.body.errors[0].field).toBe('points');
    const fleet = await request(api.url).get('/api/fleet/health').set(as('pm')).expect(200);
    expect(fleet.body.machines.map((m: { assetId: string; state: string }) => [m.assetId, m.state])).toEqual([['PLT1-S-01', 'not-covered']]);
    await request(api.url).get('/api/fleet/health?site=PLT2').set(as('pm')).expect(403);
    await request(api.url).get('/api/fleet/health?state=fine').set(as('pm')).expect(400);
  });
});

describe('the event stream at shutdown', () => {
  it('an open stream is ended when the api closes, so the close does not wait for it', async () => {
    const api = await startApi();
    const res = await fetch(`${api.url}/api/stream`, { headers: { authorization: `Bearer ${api.tokens.pm}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const body = res.text();
    await api.close();
    expect(await body).toContain('retry: 2000');
  });

  it('refuses a token in the URL: only the Authorization header authenticates', async () => {
    const api = await startApi();
    try {
      const res = await fetch(`${api.url}/api/stream?token=${api.tokens.pm}&access_token=${api.tokens.pm}`);
      expect(res.status).toBe(401);
    } finally {
      await api.close();
    }
  });
});
