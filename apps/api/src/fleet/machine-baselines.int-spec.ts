import request from 'supertest';
import { DataSource } from 'typeorm';
import { canonicalJson } from '@fleetgate/common';
import { decodeAssessment, encodeAssessment, MachineAssessment, MachineEvaluationEntity } from '@fleetgate/evaluation';
import { FleetService, MachineBaselineService } from '@fleetgate/fleet';
import { ModelVersionEntity } from '@fleetgate/registry';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertRun, insertVersion } from '../gate/gate-test.fixtures';

const MINE = ['PLT1-BL-01', 'PLT1-BL-02', 'PLT1-BL-03'];
const THEIRS = 'PLT2-BL-01';
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface CoverageMachine {
  assetId: string;
  covered: boolean;
  status: string;
  suspendedReason: string | null;
  production: Array<Record<string, unknown>>;
}

describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('machine baselines and deployment pins (%s)', (_driver, sqlite) => {
  let api: TestApi;
  let version: string;
  let oldRun: string;
  const from = iso(Date.now() - 40 * DAY);
  const to = iso(Date.now() - 26 * DAY);
  const call = (method: 'get' | 'post', path: string, user: string) =>
    request(api.url)[method](`/api${path}`).set('authorization', `Bearer ${api.tokens[user]}`);
  const coverage = async (user = 'admin') =>
    (await call('get', '/fleet/coverage', user).expect(200)).body as { machines: CoverageMachine[]; suspended: unknown };
  const machine = async (assetId: string, user = 'admin') => (await coverage(user)).machines.find((m) => m.assetId === assetId)!;

  /** Requests a production promotion of `assetIds` on `runId` (ML engineer) and has `rel` approve it, waiving what blocks. */
  async function deploy(assetIds: string[], runId: string): Promise<string> {
    const req = await call('post', '/promotions', 'mle')
      .send({ modelVersionId: version, targetStage: 'production', scope: 'assets', assetIds, evidenceRunId: runId, justification: 'baseline spec' })
      .expect(201);
    const waivers = (req.body.blocking as string[]).map((ruleId) => ({ ruleId, justification: 'test fleet' }));
    await call('post', `/promotions/${req.body.id}/approve`, 'rel').send({ waivers, owner: 'rel' }).expect(200);
    return req.body.id as string;
  }

  beforeAll(async () => {
    api = await startApi({ sqlite });
    await importMachines(api.app, [
      ...MINE.map((assetId) => ({ assetId, site: 'PLT1', machineModel: 'P200' })),
      { assetId: THEIRS, site: 'PLT2', machineModel: 'P200' },
    ]);
    version = await insertVersion(api.app, 'pump', 1);
    const ds = api.app.get(DataSource);
    // The version states its threshold, as every registered manifest does.
    await ds
      .getRepository(ModelVersionEntity)
      .update(
        { id: version },
        { manifest: canonicalJson({ name: 'pump', task: 'failure-probability', output: { name: 'prob', higherIsWorse: true, threshold: 0.5 } }) },
      );
    oldRun = await insertRun(
      api.app,
      version,
      [...MINE, THEIRS].map((assetId) => ({ assetId, verdict: 'generalizes' as const, failures: 2, detected: 2 })),
    );
    // The second machine was evaluated with its own baseline and threshold (the fields the evaluator adds).
    const [second] = await api.app.get(FleetService).listMachines({ assetIds: [MINE[1]] });
    const row = await ds.getRepository(MachineEvaluationEntity).findOneByOrFail({ runId: oldRun, machineId: second.id });
    const withPins = {
      ...decodeAssessment(row.result!),
      normalization: {
        method: 'per-machine-baseline',
        baseline: {
          fromMs: Date.parse(from),
          toMs: Date.parse(to),
          source: 'auto',
          explicitVersion: null,
          signals: [{ signal: 'vibration_rms', level: 2.4, spread: 0.3, hours: 336 }],
          valid: true,
          reasons: [],
        },
        calibrationEndMs: Date.parse(to),
      },
      threshold: { mode: 'per-machine', value: 0.82, applied: true, quantile: 0.99, count: 336 },
    };
    await ds
      .getRepository(MachineEvaluationEntity)
      .update({ runId: oldRun, machineId: second.id }, { result: encodeAssessment(withPins as unknown as MachineAssessment) });
    await deploy([...MINE, THEIRS], oldRun);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("pins each machine's baseline and threshold from its result in the evidence run", async () => {
    const raw = await machine(MINE[0]);
    expect(raw).toMatchObject({ status: 'covered', covered: true, suspendedReason: null });
    expect(raw.production[0]).toMatchObject({ baseline: null, threshold: 0.5, thresholdMode: 'version', suspendedAt: null, suspendedReason: null });
    const own = await machine(MINE[1]);
    expect(own.production[0]).toMatchObject({
      threshold: 0.82,
      thresholdMode: 'per-machine',
      baseline: {
        method: 'per-machine-baseline',
        source: 'auto',
        explicitVersion: null,
        fromMs: Date.parse(from),
        toMs: Date.parse(to),
        valid: true,
        signals: [{ signal: 'vibration_rms', level: 2.4, spread: 0.3, hours: 336 }],
      },
    });
  });

  it('refuses a plant manager and an ML engineer (403), whatever the body', async () => {
    for (const user of ['pm', 'mle']) {
      const res = await call('post', `/machines/${MINE[0]}/baseline`, user).send({ from, to, note: 'overhaul' }).expect(403);
      expect(res.body.code).toBe('AUTH_WRONG_ROLE');
    }
    expect((await call('get', `/machines/${MINE[0]}/baselines`, 'admin').expect(200)).body).toEqual([]);
  });

  it('answers bad input with a 400 naming the field, and an unknown machine with a 404', async () => {
    const field = async (body: Record<string, unknown>, path = MINE[0]) => {
      const res = await call('post', `/machines/${path}/baseline`, 'rel').send(body).expect(400);
      return (res.body.errors as Array<{ field: string }>).map((e) => e.field);
    };
    expect(await field({ from: to, to: from, note: 'overhaul' })).toEqual(['to']);
    expect(await field({ from, to })).toEqual(['note']);
    expect(await field({ from, to, note: '  ' })).toEqual(['note']);
    expect(await field({ from: 'last spring', to, note: 'overhaul' })).toEqual(['from']);
    expect(await field({ from, to: iso(Date.now() + DAY), note: 'overhaul' })).toEqual(['to']);
    expect(await field({ from: 5, to, note: 'overhaul' })).toContain('from');
    expect(await field({ from, to, note: 'overhaul', extra: 1 })).toEqual(['extra']);
    const unknown = await call('post', '/machines/NO-SUCH-01/baseline', 'rel').send({ from, to, note: 'overhaul' }).expect(404);
    expect(unknown.body.code).toBe('FLEET_MACHINE_NOT_FOUND');
    expect((await call('get', `/machines/${MINE[0]}/baselines`, 'rel').expect(200)).body).toEqual([]);
  });

  it('a reliability engineer sets a baseline: stored as v1, audited, and the deployed machine is suspended with the reason', async () => {
    const res = await call('post', `/machines/${MINE[0]}/baseline`, 'rel').send({ from, to, note: 'bearing overhaul WO-4411' }).expect(201);
    const reason = `baseline reset to ${from}–${to} (v1) by rel: re-evaluate before it serves again`;
    expect(res.body).toMatchObject({
      baseline: { assetId: MINE[0], version: 1, from, to, fromMs: Date.parse(from), toMs: Date.parse(to), note: 'bearing overhaul WO-4411', createdBy: 'rel' },
      suspended: [{ model: 'pump', version: 1, modelVersionId: version }],
      suspendedReason: reason,
    });

    const events = (await call('get', `/audit?subject=machine:${MINE[0]}&action=machine.baseline-set`, 'admin').expect(200)).body;
    expect(events).toHaveLength(1);
    expect(events[0].actor).toBe('rel');
    expect(JSON.parse(events[0].payload)).toMatchObject({
      assetId: MINE[0],
      version: 1,
      from,
      to,
      note: 'bearing overhaul WO-4411',
      role: 'reliability-engineer',
      suspendedReason: reason,
      suspendedDeployments: [expect.objectContaining({ deploymentId: res.body.suspended[0].deploymentId })],
    });
    expect((await call('get', '/audit/verify', 'admin').expect(200)).body.ok).toBe(true);

    const held = await machine(MINE[0]);
    expect(held).toMatchObject({ status: 'suspended', covered: false, suspendedReason: reason });
    expect(held.production[0]).toMatchObject({ model: 'pump', version: 1, suspendedReason: reason, suspendedAt: expect.any(String) });
    expect((await coverage()).suspended).toEqual({ machines: 1, assetIds: [MINE[0]] });
    // the other machines keep serving; the plant manager of PLT1 sees the suspension too
    expect(await machine(MINE[1])).toMatchObject({ status: 'covered', covered: true });
    expect(await machine(MINE[0], 'pm')).toMatchObject({ status: 'suspended', suspendedReason: reason });
    // the row stays active: the deployments still agree with the decisions behind them
    expect((await call('get', '/deployments/consistency', 'admin').expect(200)).body).toMatchObject({ ok: true, problems: [] });
  });

  it('numbers versions per machine and lists them; latestExplicit gives the newest; a plant manager sees only their sites', async () => {
    const later = { from: iso(Date.parse(to) + DAY), to: iso(Date.parse(to) + 8 * DAY), note: 'seal replaced' };
    const v2 = await call('post', `/machines/${MINE[0]}/baseline`, 'admin').send(later).expect(201);
    expect(v2.body.baseline.version).toBe(2);
    // already suspended: the reason now names the newest reset
    expect(v2.body.suspendedReason).toBe(`baseline reset to ${later.from}–${later.to} (v2) by admin: re-evaluate before it serves again`);
    expect((await machine(MINE[0])).suspendedReason).toBe(v2.body.suspendedReason);
    const other = await call('post', `/machines/${THEIRS}/baseline`, 'rel').send({ from, to, note: 'new pump head' }).expect(201);
    expect(other.body.baseline.version).toBe(1);

    const list = (await call('get', `/machines/${MINE[0]}/baselines`, 'pm').expect(200)).body;
    expect(list.map((b: { version: number; note: string }) => [b.version, b.note])).toEqual([
      [1, 'bearing overhaul WO-4411'],
      [2, 'seal replaced'],
    ]);
    await call('get', `/machines/${THEIRS}/baselines`, 'pm').expect(404);
    expect((await call('get', `/machines/${THEIRS}/baselines`, 'mle').expect(200)).body).toHaveLength(1);

    const [m] = await api.app.get(FleetService).listMachines({ assetIds: [MINE[0]] });
    expect(await api.app.get(MachineBaselineService).latestExplicit(m.id)).toEqual({ version: 2, fromMs: Date.parse(later.from), toMs: Date.parse(later.to) });
    const [none] = await api.app.get(FleetService).listMachines({ assetIds: [MINE[2]] });
    expect(await api.app.get(MachineBaselineService).latestExplicit(none.id)).toBeNull();
  });

  it('keeps the machine suspended under a promotion on evidence from before the reset, and lets it serve once re-evaluated', async () => {
    await deploy([MINE[0]], oldRun);
    const still = await machine(MINE[0]);
    expect(still.status).toBe('suspended');
    expect(still.suspendedReason).toMatch(
      new RegExp(`\\(v2\\) by admin: re-evaluate before it serves again — evidence run ${oldRun} was started before it was set$`),
    );

    const fresh = await insertRun(api.app, version, [{ assetId: MINE[0], verdict: 'generalizes', failures: 2, detected: 2 }]);
    await deploy([MINE[0]], fresh);
    const serving = await machine(MINE[0]);
    expect(serving).toMatchObject({ status: 'covered', covered: true, suspendedReason: null });
    expect(serving.production[0]).toMatchObject({ evidenceRunId: fresh, suspendedAt: null, threshold: 0.5, thresholdMode: 'version' });
    expect((await coverage()).suspended).toEqual({ machines: 1, assetIds: [THEIRS] });
    expect((await call('get', '/deployments/consistency', 'admin').expect(200)).body).toMatchObject({ ok: true });
  });

  it('a rollback brings back a suspended row suspended, and one the reset missed (out of service then) suspended too', async () => {
    // MINE[2]: re-deployed on fresh evidence, then reset; rolling back restores the row of the first promotion.
    const fresh = await insertRun(api.app, version, [{ assetId: MINE[2], verdict: 'generalizes', failures: 2, detected: 2 }]);
    const promotion = await deploy([MINE[2]], fresh);
    await call('post', `/machines/${MINE[2]}/baseline`, 'rel').send({ from, to, note: 'gearbox swap' }).expect(201);
    expect((await machine(MINE[2])).status).toBe('suspended');
    const rolled = await call('post', `/promotions/${promotion}/rollback`, 'rel').expect(200);
    expect(rolled.body.status).toBe('rolled-back');
    const back = await machine(MINE[2]);
    expect(back).toMatchObject({
      status: 'suspended',
      covered: false,
      suspendedReason: `baseline reset to ${from}–${to} (v1) by rel: re-evaluate before it serves again`,
    });
    expect(back.production[0]).toMatchObject({ evidenceRunId: oldRun });
    const events = (await call('get', `/audit?subject=promotion:${promotion}&action=promotion.rolled-back`, 'admin').expect(200)).body;
    expect(JSON.parse(events[0].payload)).toMatchObject({ restored: 1, restoredSuspended: 1 });
    expect((await call('get', '/deployments/consistency', 'admin').expect(200)).body).toMatchObject({ ok: true });
  });

  it('gives concurrent resets of one machine consecutive versions, each audited', async () => {
    const notes = ['pump A', 'pump B', 'pump C'];
    const answers = await Promise.all(notes.map((note) => call('post', `/machines/${MINE[1]}/baseline`, 'rel').send({ from, to, note })));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(answers.map((r) => r.body.baseline.version).sort()).toEqual([1, 2, 3]);
    const list = (await call('get', `/machines/${MINE[1]}/baselines`, 'rel').expect(200)).body;
    expect(list.map((b: { version: number }) => b.version)).toEqual([1, 2, 3]);
    const events = (await call('get', `/audit?subject=machine:${MINE[1]}&action=machine.baseline-set`, 'admin').expect(200)).body;
    expect(events.map((e: { payload: string }) => JSON.parse(e.payload).version).sort()).toEqual([1, 2, 3]);
    expect((await machine(MINE[1])).suspendedReason).toMatch(/\(v3\) by rel/);
  });

  it('never lets an approval racing a reset serve on evidence from before the reset', async () => {
    const run = await insertRun(api.app, version, [{ assetId: MINE[2], verdict: 'generalizes', failures: 2, detected: 2 }]);
    const req = await call('post', '/promotions', 'mle')
      .send({ modelVersionId: version, targetStage: 'production', scope: 'assets', assetIds: [MINE[2]], evidenceRunId: run, justification: 'race' })
      .expect(201);
    const waivers = (req.body.blocking as string[]).map((ruleId) => ({ ruleId, justification: 'test fleet' }));
    const [approved, reset] = await Promise.all([
      call('post', `/promotions/${req.body.id}/approve`, 'rel2').send({ waivers, owner: 'rel' }),
      call('post', `/machines/${MINE[2]}/baseline`, 'rel').send({ from, to, note: 'race' }),
    ]);
    expect([approved.status, reset.status]).toEqual([200, 201]);
    // whichever committed first, the row the approval wrote does not serve
    const m = await machine(MINE[2]);
    expect(m).toMatchObject({ status: 'suspended', covered: false });
    expect(m.production[0]).toMatchObject({ promotionId: req.body.id, evidenceRunId: run });
    expect(m.suspendedReason).toContain(`(v${reset.body.baseline.version}) by rel`);
    expect((await call('get', '/deployments/consistency', 'admin').expect(200)).body).toMatchObject({ ok: true });
  });
});
