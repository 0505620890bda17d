import request from 'supertest';
import { DataSource } from 'typeorm';
import { FleetService } from '@fleetgate/fleet';
import { DeploymentEntity } from '@fleetgate/gate';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertRun, insertVersion } from './gate-test.fixtures';

const M = Array.from({ length: 10 }, (_, i) => `PLT1-MIX-${String(i + 1).padStart(2, '0')}`);

describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('a rollback never undoes a later approved promotion (%s)', (_driver, sqlite) => {
  let api: TestApi;
  const versions: Record<number, { id: string; run: string }> = {};
  const call = (method: 'get' | 'post', path: string, user: string) =>
    request(api.url)[method](`/api${path}`).set('authorization', `Bearer ${api.tokens[user]}`);
  /** Requested by the ML engineer, approved by a reliability engineer; returns the promotion id. */
  const promoteAndApprove = async (version: number, assetIds: string[]): Promise<string> => {
    const id = await requestPromotion(version, assetIds);
    await call('post', `/promotions/${id}/approve`, 'rel').send({}).expect(200);
    return id;
  };
  const requestPromotion = async (version: number, assetIds: string[]): Promise<string> => {
    const res = await call('post', '/promotions', 'mle')
      .send({
        modelVersionId: versions[version].id,
        targetStage: 'production',
        scope: 'assets',
        assetIds,
        evidenceRunId: versions[version].run,
        justification: `v${version} on ${assetIds.length} machines`,
      })
      .expect(201);
    expect(res.body.outcome).toBe('pass');
    return res.body.id;
  };
  /** asset id → the version number serving it in production (one row at most, by the unique index). */
  const served = async (): Promise<Record<string, number | null>> => {
    const machines = await api.app.get(FleetService).listMachines({ assetIds: M });
    const rows = await api.app
      .get(DataSource)
      .getRepository(DeploymentEntity)
      .find({ where: { active: true, stage: 'production' } });
    const number = new Map(Object.entries(versions).map(([n, v]) => [v.id, Number(n)]));
    return Object.fromEntries(machines.map((m) => [m.assetId, number.get(rows.find((d) => d.machineId === m.id)?.modelVersionId ?? '') ?? null]));
  };
  const onAll = (pick: (assetId: string, i: number) => number): Record<string, number> => Object.fromEntries(M.map((a, i) => [a, pick(a, i)]));
  const consistency = async () => (await call('get', '/deployments/consistency', 'admin').expect(200)).body;

  beforeAll(async () => {
    api = await startApi({ sqlite });
    await importMachines(
      api.app,
      M.map((assetId) => ({ assetId, site: 'PLT1', machineModel: 'MX' })),
    );
    // Every machine evaluated, in the envelope, its one labelled failure caught: the default policy passes.
    for (const n of [1, 2, 3]) {
      const id = await insertVersion(api.app, 'mixer', n);
      versions[n] = {
        id,
        run: await insertRun(
          api.app,
          id,
          M.map((assetId) => ({ assetId, verdict: 'generalizes' as const, failures: 1, detected: 1 })),
        ),
      };
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  let a: string;
  let x: string;
  let b: string;

  it('refuses to roll back X (v2 on M1–5) once B (v2 on M1–10) is approved over it, naming B, and changes nothing', async () => {
    a = await promoteAndApprove(1, M);
    x = await promoteAndApprove(2, M.slice(0, 5));
    b = await promoteAndApprove(2, M);
    const applied = await call('get', `/audit?subject=promotion:${b}&action=promotion.applied`, 'rel').expect(200);
    expect(JSON.parse(applied.body[0].payload)).toMatchObject({ deployed: 5, alreadyServing: 5, superseded: 5 });
    expect(await served()).toEqual(onAll(() => 2));

    const refused = await call('post', `/promotions/${x}/rollback`, 'rel').expect(409);
    expect(refused.body.code).toBe('GATE_NOT_ROLLBACKABLE');
    expect(refused.body.message).toContain(`promotion ${b}`);
    expect((await call('get', `/promotions/${x}`, 'rel').expect(200)).body.status).toBe('approved');
    expect(await served()).toEqual(onAll(() => 2));
    expect(await consistency()).toMatchObject({ ok: true, problems: [] });
  });

  it('unwinds in order: rolling back B restores X on M1–5 and A on M6–10; then X restores A everywhere', async () => {
    await call('post', `/promotions/${b}/rollback`, 'rel').expect(200);
    expect(await served()).toEqual(onAll((_, i) => (i < 5 ? 2 : 1)));
    expect(await consistency()).toMatchObject({ ok: true });
    await call('post', `/promotions/${x}/rollback`, 'rel').expect(200);
    expect(await served()).toEqual(onAll(() => 1));
    expect(await consistency()).toMatchObject({ ok: true, promotions: 1, machines: 10 });
  });

  it('holds when the rollback races the later approval: whichever commits first, nothing later is undone', async () => {
    for (let round = 0; round < 4; round++) {
      const earlier = await promoteAndApprove(2, M.slice(0, 5));
      const later = await requestPromotion(3, M);
      const [approval, rollback] = await Promise.all([
        call('post', `/promotions/${later}/approve`, 'rel').send({}),
        call('post', `/promotions/${earlier}/rollback`, 'rel'),
      ]);
      // Either the rollback commits first (the approval then goes through, or loses the race on
      // the unique index with a clean 409 and applies nothing), or the approval does and the
      // rollback is refused, naming it. Never both applied with the later one undone.
      expect([approval.status, rollback.status]).not.toEqual([409, 409]);
      if (rollback.status === 409) {
        expect(approval.status).toBe(200);
        expect(rollback.body.message).toContain(`promotion ${later}`);
      } else expect(rollback.status).toBe(200);
      if (approval.status === 409) {
        expect(approval.body.code).toBe('GATE_DEPLOYMENT_CONFLICT');
        expect(await served()).toEqual(onAll(() => 1));
        expect(await consistency()).toMatchObject({ ok: true, problems: [] });
        await call('post', `/promotions/${later}/approve`, 'rel').send({}).expect(200);
      } else expect(approval.status).toBe(200);
      // The later approval holds every machine of its scope.
      expect(await served()).toEqual(onAll(() => 3));
      expect(await consistency()).toMatchObject({ ok: true, problems: [] });
      // Back to A everywhere for the next round.
      await call('post', `/promotions/${later}/rollback`, 'rel').expect(200);
      if (rollback.status === 409) await call('post', `/promotions/${earlier}/rollback`, 'rel').expect(200);
      expect(await served()).toEqual(onAll(() => 1));
    }
    expect(a).toBeDefined();
  }, 60_000);

  it('reports an approved promotion whose machines another version serves with nothing explaining it (planted)', async () => {
    x = await promoteAndApprove(2, M.slice(0, 5));
    b = await promoteAndApprove(2, M);
    // Plant the state the old rollback left: X rolled back, M1–5 back on A's v1 rows, B still approved.
    const ds = api.app.get(DataSource);
    const machines = await api.app.get(FleetService).listMachines({ assetIds: M.slice(0, 5) });
    const ids = machines.map((m) => m.id);
    const rows = ds.getRepository(DeploymentEntity);
    for (const machineId of ids) {
      await rows.update({ promotionId: b, machineId }, { active: false, supersededAt: Date.now(), supersededBy: null });
      await rows.update({ promotionId: a, machineId }, { active: true, supersededAt: null, supersededBy: null });
    }
    await ds.query(`UPDATE promotion_requests SET status = 'rolled-back' WHERE id = '${x}'`);
    expect(await served()).toEqual(onAll((_, i) => (i < 5 ? 1 : 2)));

    const report = await consistency();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p: { promotionId: string; assetId: string }) => `${p.promotionId} ${p.assetId}`)).toEqual(
      M.slice(0, 5).map((m) => `${b} ${m}`),
    );
    expect(report.problems[0]).toMatchObject({ model: 'mixer', version: 2, stage: 'production', servedBy: { version: 1, promotionId: a } });
    await call('get', '/deployments/consistency', 'pm').expect(403);
    await call('get', '/deployments/consistency', 'mle').expect(403);
  });
});
