import request from 'supertest';
import { DataSource, In } from 'typeorm';
import { FleetService } from '@fleetgate/fleet';
import { DeploymentEntity, PromotionEntity } from '@fleetgate/gate';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertRun, insertVersion } from './gate-test.fixtures';

const MACHINES = Array.from({ length: 10 }, (_, i) => `PLT1-FAN-${String(i + 1).padStart(2, '0')}`);
const VERSIONS = 5;
const REQUESTS = 50;

describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('concurrent approvals over overlapping machines (%s)', (driver, sqlite) => {
  let api: TestApi;
  const call = (method: 'get' | 'post', path: string, user: string) =>
    request(api.url)[method](`/api${path}`).set('authorization', `Bearer ${api.tokens[user]}`);

  beforeAll(async () => {
    api = await startApi({ sqlite });
    await importMachines(
      api.app,
      MACHINES.map((assetId) => ({ assetId, site: 'PLT1', machineModel: 'F9' })),
    );
  });
  afterAll(async () => {
    await api?.close();
  });

  it('seeds the default policy once when its first uses race', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => call('get', '/gate/policies', 'pm')));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    // default@2 (the shipped guards) and default@3 (the advisory value rule), both proposed, are written by migrations, not on first use.
    const versions = ['default@1', 'default@2', 'default@3'];
    for (const a of answers) expect(a.body.map((p: { name: string; version: number }) => `${p.name}@${p.version}`)).toEqual(versions);
    const events = await call('get', '/audit?action=gate-policy.created', 'admin').expect(200);
    // Those written by migrations are audited once, on first use.
    expect(events.body.map((e: { subject: string }) => e.subject).sort()).toEqual(versions.map((v) => `gate-policy:${v}`));
  });

  it('ends with exactly one active production version per machine; every loser gets a clean 409 and leaves nothing behind', async () => {
    await call('post', '/gate/policies', 'rel')
      .send({ name: 'lenient', maxEvidenceAgeHours: 24, rules: [{ id: 'evaluated', kind: 'evaluated-share', threshold: 0.5 }] })
      .expect(201);
    await call('post', '/gate/policies/lenient/versions/1/approve', 'rel2').expect(200);
    const versions: Array<{ id: string; run: string }> = [];
    for (let v = 1; v <= VERSIONS; v++) {
      const id = await insertVersion(api.app, 'fan', v);
      versions.push({
        id,
        run: await insertRun(
          api.app,
          id,
          MACHINES.map((assetId) => ({ assetId, verdict: 'generalizes' as const })),
        ),
      });
    }
    // Request i: version i mod 5 on a window of five machines starting at i mod 6 — every
    // machine lies in many windows of several versions.
    const requests: Array<{ id: string; scope: string[] }> = [];
    for (let i = 0; i < REQUESTS; i++) {
      const v = versions[i % VERSIONS];
      const scope = MACHINES.slice(i % 6, (i % 6) + 5);
      const res = await call('post', '/promotions', 'mle')
        .send({
          modelVersionId: v.id,
          targetStage: 'production',
          scope: 'assets',
          assetIds: scope,
          evidenceRunId: v.run,
          justification: `request ${i}`,
          policy: 'lenient',
        })
        .expect(201);
      expect(res.body.outcome).toBe('pass');
      requests.push({ id: res.body.id, scope });
    }

    const answers = await Promise.all(requests.map((r) => call('post', `/promotions/${r.id}/approve`, 'rel').send({})));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const approved = requests.filter((_, i) => statuses[i] === 200);
    const lost = requests.filter((_, i) => statuses[i] === 409);
    expect(approved.length).toBeGreaterThan(0);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('GATE_DEPLOYMENT_CONFLICT');

    const ds = api.app.get(DataSource);
    const deployments = ds.getRepository(DeploymentEntity);
    const activeRows = () => deployments.find({ where: { active: true, stage: 'production' } });
    const machines = await api.app.get(FleetService).listMachines({});
    const perMachine = (rows: DeploymentEntity[]) => machines.map((m) => ({ assetId: m.assetId, n: rows.filter((d) => d.machineId === m.id).length }));
    const served = new Set(approved.flatMap((r) => r.scope));
    expect(perMachine(await activeRows())).toEqual(MACHINES.map((assetId) => ({ assetId, n: served.has(assetId) ? 1 : 0 })));

    // A loser is still pending and wrote no deployment; every active row belongs to an approved request.
    for (const r of lost) {
      expect((await call('get', `/promotions/${r.id}`, 'rel').expect(200)).body.status).toBe('pending');
      expect(await deployments.count({ where: { promotionId: r.id } })).toBe(0);
    }
    const owners = await ds.getRepository(PromotionEntity).find({ where: { id: In([...new Set((await activeRows()).map((d) => d.promotionId))]) } });
    expect(new Set(owners.map((o) => o.status))).toEqual(new Set(['approved']));
    expect((await call('get', '/audit/verify', 'admin').expect(200)).body.ok).toBe(true);

    // A loser approved again, now alone, goes through and supersedes what serves its machines.
    if (lost.length) {
      await call('post', `/promotions/${lost[0].id}/approve`, 'rel').send({}).expect(200);
      expect(perMachine(await activeRows()).filter((x) => x.n > 1)).toEqual([]);
    }
    // No approved promotion is left with machines another version serves (the deployments agree with the decisions).
    expect((await call('get', '/deployments/consistency', 'admin').expect(200)).body).toMatchObject({ ok: true, problems: [] });

    // Every approved promotion rolled back at once: a rollback goes through, or is refused naming the later
    // promotion that holds its machines (or loses a race with a clean 409); none undoes a later decision.
    const live = await ds.getRepository(PromotionEntity).find({ where: { status: 'approved' } });
    const rollbacks = await Promise.all(live.map((p) => call('post', `/promotions/${p.id}/rollback`, 'rel')));
    expect(rollbacks.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]);
    for (const r of rollbacks.filter((x) => x.status === 409)) expect(['GATE_NOT_ROLLBACKABLE', 'GATE_DEPLOYMENT_CONFLICT']).toContain(r.body.code);
    expect(rollbacks.some((r) => r.status === 200)).toBe(true);
    expect((await call('get', '/deployments/consistency', 'admin').expect(200)).body).toMatchObject({ ok: true, problems: [] });
    expect(perMachine(await activeRows()).filter((x) => x.n > 1)).toEqual([]);
    process.stdout.write(`${driver} concurrent approvals: ${approved.length} applied, ${lost.length} lost with 409\n`);
  }, 120_000);
});
