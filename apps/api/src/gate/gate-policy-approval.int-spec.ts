import request from 'supertest';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertRun, insertVersion } from './gate-test.fixtures';

const P200 = Array.from({ length: 6 }, (_, i) => `PLT1-P200-0${i + 1}`);
const K10 = Array.from({ length: 6 }, (_, i) => `PLT2-K10-0${i + 1}`);
/** One always-passing rule: the loosened gate of the issue. */
const LOOSE = { name: 'default', maxEvidenceAgeHours: 720, rules: [{ id: 'anything', kind: 'evaluated-share', threshold: 0 }], note: 'unblock the fleet' };

describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('gate policies need four eyes (%s)', (_driver, sqlite) => {
  let api: TestApi;
  let version: string;
  let run: string;
  const call = (method: 'get' | 'post', path: string, user?: string) => {
    const r = request(api.url)[method](`/api${path}`);
    return user ? r.set('authorization', `Bearer ${api.tokens[user]}`) : r;
  };
  const fleetRequest = (body: Record<string, unknown> = {}) =>
    call('post', '/promotions', 'mle').send({
      modelVersionId: version,
      targetStage: 'production',
      scope: 'fleet',
      evidenceRunId: run,
      justification: 'fleet rollout',
      ...body,
    });

  beforeAll(async () => {
    api = await startApi({ sqlite });
    await importMachines(api.app, [
      ...P200.map((assetId) => ({ assetId, site: 'PLT1', line: 'L1', machineModel: 'P200' })),
      ...K10.map((assetId) => ({ assetId, site: 'PLT2', line: 'L1', machineModel: 'K10' })),
    ]);
    version = await insertVersion(api.app, 'pump', 1);
    // Half the fleet out of domain: the default policy fails the fleet-wide request.
    run = await insertRun(api.app, version, [
      ...P200.map((assetId) => ({ assetId, verdict: 'generalizes' as const, failures: 1, detected: 1 })),
      ...K10.map((assetId) => ({ assetId, verdict: 'out-of-domain' as const, failures: 1, detected: 0 })),
    ]);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('keeps judging under default@1 while one reliability engineer’s default@4 is only proposed (default@2 and @3, the shipped guards and value rule, are proposed by the migrations)', async () => {
    expect((await fleetRequest().expect(201)).body).toMatchObject({ outcome: 'fail', policy: { name: 'default', version: 1 } });
    const proposed = await call('post', '/gate/policies', 'rel').send(LOOSE).expect(201);
    expect(proposed.body).toMatchObject({ name: 'default', version: 4, status: 'proposed', createdBy: 'rel', approvedBy: null, approvedAt: null });
    const list = await call('get', '/gate/policies', 'pm').expect(200);
    expect(list.body.map((p: { version: number; status: string }) => `${p.version}:${p.status}`)).toEqual([
      '1:approved',
      '2:proposed',
      '3:proposed',
      '4:proposed',
    ]);
    const still = await fleetRequest().expect(201);
    expect(still.body).toMatchObject({ outcome: 'fail', blocking: expect.arrayContaining(['in-envelope']), policy: { name: 'default', version: 1 } });
  });

  it('refuses approval by the author, whatever their role, and by roles that may not approve', async () => {
    const self = await call('post', '/gate/policies/default/versions/4/approve', 'rel').expect(403);
    expect(self.body.code).toBe('GATE_POLICY_SELF_APPROVAL');
    expect(self.body.message).toBe(
      'rel proposed gate policy default v4 and cannot approve it, whatever their role: a second reliability engineer or an admin must',
    );
    await call('post', '/gate/policies/default/versions/4/approve', 'mle').expect(403);
    await call('post', '/gate/policies/default/versions/4/approve', 'pm').expect(403);
    await call('post', '/gate/policies/default/versions/9/approve', 'rel2').expect(404);
    // An admin's own proposal is no different.
    await call('post', '/gate/policies', 'admin')
      .send({ ...LOOSE, name: 'admins-own' })
      .expect(201);
    expect((await call('post', '/gate/policies/admins-own/versions/1/approve', 'admin').expect(403)).body.code).toBe('GATE_POLICY_SELF_APPROVAL');
    // A policy with no approved version judges nothing.
    const unapproved = await fleetRequest({ policy: 'admins-own' }).expect(422);
    expect(unapproved.body).toMatchObject({ code: 'GATE_POLICY_NOT_APPROVED', errors: [{ field: 'policy' }] });
    expect(unapproved.body.message).toContain('proposed: v1');
    // Nothing was approved by the refusals.
    expect((await call('get', '/gate/policies/default/versions/2', 'mle').expect(200)).body.status).toBe('proposed');
  });

  it('judges under default@4 once a second reliability engineer approves it, and records the version on the promotion', async () => {
    const approved = await call('post', '/gate/policies/default/versions/4/approve', 'rel2').expect(200);
    expect(approved.body).toMatchObject({ version: 4, status: 'approved', createdBy: 'rel', approvedBy: 'rel2' });
    expect(approved.body.approvedAt).toEqual(expect.any(String));
    const again = await call('post', '/gate/policies/default/versions/4/approve', 'admin').expect(409);
    expect(again.body).toMatchObject({ code: 'GATE_POLICY_NOT_PROPOSED', message: 'gate policy default v4 is already approved (by rel2)' });

    const judged = await fleetRequest().expect(201);
    expect(judged.body).toMatchObject({ outcome: 'pass', blocking: [], policy: { name: 'default', version: 4 } });
    expect((await call('get', `/promotions/${judged.body.id}`, 'rel').expect(200)).body.policy).toEqual({
      name: 'default',
      version: 4,
      sha256: approved.body.sha256,
    });
    const events = await call('get', '/audit?subject=gate-policy:default@4', 'admin').expect(200);
    expect(events.body.map((e: { actor: string; action: string }) => `${e.actor} ${e.action}`)).toEqual([
      'rel gate-policy.created',
      'rel2 gate-policy.approved',
    ]);
    expect(JSON.parse(events.body[1].payload)).toMatchObject({ name: 'default', version: 4, proposedBy: 'rel', approverRole: 'reliability-engineer' });
  });

  it('lets an admin approve another person’s proposal; the latest approved version judges', async () => {
    await call('post', '/gate/policies', 'rel2')
      .send({ ...LOOSE, note: 'strict again' })
      .expect(201);
    expect((await fleetRequest().expect(201)).body.policy.version).toBe(4);
    await call('post', '/gate/policies/default/versions/5/approve', 'admin').expect(200);
    expect((await fleetRequest().expect(201)).body.policy.version).toBe(5);
  });

  it('carries the audit head in the evidence bundle; the head later shows whether the chain was cut', async () => {
    const bundle = (await call('get', `/model-versions/${version}/evidence`, 'rel').expect(200)).body;
    expect(bundle.auditEvents.find((e: { action: string }) => e.action === 'gate-policy.approved')).toMatchObject({ format: 2 });
    expect(bundle.auditHead).toEqual({
      count: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hmac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const { count, hash, hmac } = bundle.auditHead;
    const res = await call('get', `/audit/verify?against=${count}:${hash}:${hmac}`, 'rel').expect(200);
    expect(res.body).toMatchObject({ ok: true, against: { ok: true, outcome: 'extends' } });
  });
});
