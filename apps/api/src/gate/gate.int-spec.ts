import request from 'supertest';
import { DataSource } from 'typeorm';
import { HOUR_MS } from '@fleetgate/common';
import { DEFAULT_POLICY, DEFAULT_POLICY_WITH_GUARDS, DEFAULT_POLICY_WITH_VALUE, verifyEvidenceBundle } from '@fleetgate/gate';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertRun, insertVersion, MachineResult } from './gate-test.fixtures';

const P200 = Array.from({ length: 8 }, (_, i) => `PLT1-P200-0${i + 1}`);
const K10 = Array.from({ length: 8 }, (_, i) => `PLT2-K10-0${i + 1}`);

describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('promotion gate (%s)', (_driver, sqlite) => {
  let api: TestApi;
  let v1: string;
  let v2: string;
  let run1: string;
  let run2: string;
  const call = (method: 'get' | 'post', path: string, user?: string) => {
    const r = request(api.url)[method](`/api${path}`);
    return user ? r.set('authorization', `Bearer ${api.tokens[user]}`) : r;
  };
  const promote = (user: string, body: Record<string, unknown>) =>
    call('post', '/promotions', user).send({ targetStage: 'production', justification: 'fleet rollout after review', ...body });

  beforeAll(async () => {
    api = await startApi({ sqlite });
    await importMachines(api.app, [
      ...P200.map((assetId, i) => ({ assetId, site: 'PLT1', line: i < 4 ? 'L1' : 'L2', machineModel: 'P200' })),
      ...K10.map((assetId) => ({ assetId, site: 'PLT2', line: 'L1', machineModel: 'K10', commissionedAt: '2012-06-01' })),
    ]);
    v1 = await insertVersion(api.app, 'pump', 1);
    v2 = await insertVersion(api.app, 'pump', 2);
    // v1: every P200 and half the K10s inside the envelope, each with one labelled failure it caught;
    // the other four K10s out of domain (and missing theirs).
    const r1: MachineResult[] = [
      ...P200.map((assetId) => ({ assetId, verdict: 'generalizes' as const, failures: 1, detected: 1 })),
      ...K10.map((assetId, i) => ({ assetId, verdict: i < 4 ? ('generalizes' as const) : ('out-of-domain' as const), failures: 1, detected: i < 4 ? 1 : 0 })),
    ];
    run1 = await insertRun(api.app, v1, r1);
    // v2: all sixteen generalize, but no labelled failure anywhere: recall cannot be judged.
    run2 = await insertRun(
      api.app,
      v2,
      [...P200, ...K10].map((assetId) => ({ assetId, verdict: 'generalizes' as const })),
    );
  });
  afterAll(async () => {
    await api?.close();
  });

  it('has a schema that matches the entities after the migrations (no pending change to the gate tables)', async () => {
    const log = await api.app.get(DataSource).driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query).filter((q) => /gate_policies|promotion_requests|deployments/.test(q))).toEqual([]);
  });

  describe('policies', () => {
    it('ships the default policy as version 1 of "default", its guards as version 2 and the advisory value rule as version 3, proposed', async () => {
      const list = await call('get', '/gate/policies', 'pm').expect(200);
      expect(list.body).toEqual([
        expect.objectContaining({ name: 'default', version: 1, definition: DEFAULT_POLICY, createdBy: 'system', status: 'approved' }),
        expect.objectContaining({ name: 'default', version: 2, definition: DEFAULT_POLICY_WITH_GUARDS, createdBy: 'system', status: 'proposed' }),
        expect.objectContaining({ name: 'default', version: 3, definition: DEFAULT_POLICY_WITH_VALUE, createdBy: 'system', status: 'proposed' }),
      ]);
    });

    it('versions a policy on every POST and shows each version', async () => {
      const body = { name: 'lenient', maxEvidenceAgeHours: 48, rules: [{ id: 'evaluated', kind: 'evaluated-share', threshold: 0.5 }] };
      expect((await call('post', '/gate/policies', 'rel').send(body).expect(201)).body).toMatchObject({ name: 'lenient', version: 1 });
      const second = await call('post', '/gate/policies', 'admin')
        .send({ ...body, rules: [{ id: 'evaluated', kind: 'evaluated-share', threshold: 0.6 }], note: 'stricter' })
        .expect(201);
      expect(second.body).toMatchObject({ name: 'lenient', version: 2, note: 'stricter' });
      const got = await call('get', '/gate/policies/lenient/versions/1', 'mle').expect(200);
      expect(got.body.definition.rules[0].threshold).toBe(0.5);
      await call('get', '/gate/policies/lenient/versions/9', 'mle').expect(404);
      await call('post', '/gate/policies', 'mle').send(body).expect(403);
    });

    it('refuses a policy with a share threshold above 1 or a duplicate rule id, naming the field', async () => {
      const res = await call('post', '/gate/policies', 'rel')
        .send({
          name: 'bad',
          maxEvidenceAgeHours: 24,
          rules: [
            { id: 'r', kind: 'recall', threshold: 7 },
            { id: 'r', kind: 'evaluated-share', threshold: 0.9 },
          ],
        })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['rules[0].threshold', 'rules[1].id']);
    });
  });

  describe('promotion requests and their evidence', () => {
    it('refuses evidence of another version', async () => {
      const res = await promote('mle', { modelVersionId: v1, scope: 'fleet', evidenceRunId: run2 }).expect(422);
      expect(res.body.code).toBe('GATE_EVIDENCE_WRONG_VERSION');
    });

    it('refuses an unfinished run and a run older than the policy allows', async () => {
      const running = await insertRun(api.app, v1, [{ assetId: P200[0], verdict: 'generalizes' }], { status: 'running' });
      expect((await promote('mle', { modelVersionId: v1, scope: 'fleet', evidenceRunId: running }).expect(422)).body.code).toBe('GATE_EVIDENCE_NOT_FINISHED');
      const old = await insertRun(api.app, v1, [{ assetId: P200[0], verdict: 'generalizes' }], {
        finishedAt: Date.now() - (DEFAULT_POLICY.maxEvidenceAgeHours + 1) * HOUR_MS,
      });
      expect((await promote('mle', { modelVersionId: v1, scope: 'fleet', evidenceRunId: old }).expect(422)).body.code).toBe('GATE_EVIDENCE_STALE');
    });

    it('does not let a plant manager request, nor a request without justification', async () => {
      await promote('pm', { modelVersionId: v1, scope: 'fleet', evidenceRunId: run1 }).expect(403);
      const res = await promote('mle', { modelVersionId: v1, scope: 'fleet', evidenceRunId: run1, justification: '   ' }).expect(400);
      expect(res.body.errors[0].field).toBe('justification');
    });

    it('counts scope machines the run did not evaluate as not evaluated', async () => {
      const partial = await insertRun(
        api.app,
        v1,
        P200.slice(0, 4).map((assetId) => ({ assetId, verdict: 'generalizes' as const })),
      );
      const res = await promote('mle', { modelVersionId: v1, scope: 'assets', assetIds: P200, evidenceRunId: partial }).expect(201);
      expect(res.body.ruleResults.find((r: { id: string }) => r.id === 'evaluated')).toMatchObject({
        value: 0.5,
        outcome: 'fail',
        detail: '4 of 8 scope machines evaluated',
      });
      const unknown = await promote('mle', { modelVersionId: v1, scope: 'assets', assetIds: ['NOPE-1'], evidenceRunId: partial }).expect(400);
      expect(unknown.body.code).toBe('GATE_UNKNOWN_MACHINES');
    });
  });

  describe('fleet vs validated scope, approval and waivers', () => {
    let fleetReq: string;
    let scopedReq: string;

    it('fails the default policy for the whole fleet and passes it for the validated scope', async () => {
      const fleet = await promote('mle', { modelVersionId: v1, scope: 'fleet', evidenceRunId: run1 }).expect(201);
      fleetReq = fleet.body.id;
      expect(fleet.body).toMatchObject({
        outcome: 'fail',
        blocking: ['in-envelope'],
        status: 'pending',
        scope: { kind: 'fleet', machines: 16 },
        policy: { name: 'default', version: 1 },
      });
      // 12 of 16 evaluated machines generalize.
      expect(fleet.body.ruleResults.find((r: { id: string }) => r.id === 'in-envelope')).toMatchObject({ value: 0.75, threshold: 0.9, outcome: 'fail' });
      const scoped = await promote('mle', { modelVersionId: v1, scope: 'validated-scope', evidenceRunId: run1 }).expect(201);
      scopedReq = scoped.body.id;
      expect(scoped.body).toMatchObject({ outcome: 'pass', blocking: [], scope: { kind: 'validated-scope', machines: 12 } });
      expect(scoped.body.scope.assetIds).toEqual([...P200, ...K10.slice(0, 4)]);
      expect(scoped.body.ruleResults).toHaveLength(DEFAULT_POLICY.rules.length);
    });

    it('blocks a failing rule without a waiver, listing it; refuses a waiver without justification, naming the rule', async () => {
      const blocked = await call('post', `/promotions/${fleetReq}/approve`, 'rel').send({}).expect(422);
      expect(blocked.body).toMatchObject({ code: 'GATE_BLOCKING_RULES', errors: [{ field: 'rules.in-envelope' }] });
      const empty = await call('post', `/promotions/${fleetReq}/approve`, 'rel')
        .send({ waivers: [{ ruleId: 'in-envelope', justification: '  ' }] })
        .expect(400);
      expect(empty.body.message).toContain('in-envelope');
      expect(empty.body.errors[0].field).toBe('waivers[0].justification');
      const passing = await call('post', `/promotions/${fleetReq}/approve`, 'rel')
        .send({
          waivers: [
            { ruleId: 'evaluated', justification: 'x' },
            { ruleId: 'in-envelope', justification: 'y' },
          ],
        })
        .expect(400);
      expect(passing.body.message).toContain('evaluated passed');
    });

    it('lets neither the requester, a plant manager nor an admin approve', async () => {
      const own = await promote('rel', { modelVersionId: v1, scope: 'validated-scope', evidenceRunId: run1 }).expect(201);
      const self = await call('post', `/promotions/${own.body.id}/approve`, 'rel').send({}).expect(403);
      expect(self.body.code).toBe('GATE_SELF_APPROVAL');
      await call('post', `/promotions/${own.body.id}/approve`, 'pm').send({}).expect(403);
      await call('post', `/promotions/${own.body.id}/approve`, 'admin').send({}).expect(403);
      await call('post', `/promotions/${own.body.id}/reject`, 'rel2').send({ reason: '' }).expect(400);
      const rejected = await call('post', `/promotions/${own.body.id}/reject`, 'rel2').send({ reason: 'duplicate of the ML engineer’s request' }).expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', decision: { by: 'rel2', reason: 'duplicate of the ML engineer’s request' } });
      await call('post', `/promotions/${own.body.id}/approve`, 'rel2').send({}).expect(409);
    });

    it('approves the validated scope: deployments cover exactly the validated machines, the stage moves with history, an owner is recorded', async () => {
      await call('post', `/promotions/${scopedReq}/approve`, 'rel').send({ owner: 'nobody' }).expect(400);
      const ok = await call('post', `/promotions/${scopedReq}/approve`, 'rel').send({ owner: 'rel2' }).expect(200);
      expect(ok.body).toMatchObject({ status: 'approved', decision: { by: 'rel', owner: 'rel2', waivers: [] } });
      const coverage = await call('get', '/fleet/coverage', 'admin').expect(200);
      const covered = coverage.body.machines.filter((m: { covered: boolean }) => m.covered).map((m: { assetId: string }) => m.assetId);
      expect(covered).toEqual([...P200, ...K10.slice(0, 4)]);
      expect(coverage.body.machines.find((m: { assetId: string }) => m.assetId === P200[0]).production).toEqual([
        expect.objectContaining({ model: 'pump', version: 1, modelVersionId: v1, promotionId: scopedReq, evidenceRunId: run1, owner: 'rel2' }),
      ]);
      expect(coverage.body.counts.site).toEqual([
        { value: 'PLT1', machines: 8, covered: 8, notCovered: 0, byModel: { pump: 8 } },
        { value: 'PLT2', machines: 8, covered: 4, notCovered: 4, byModel: { pump: 4 } },
      ]);
      const version = await call('get', '/models/pump/versions/1', 'mle').expect(200);
      expect(version.body.stage).toBe('production');
      expect(version.body.history.map((h: { toStage: string }) => h.toStage)).toEqual(['pilot', 'production']);
    });

    it('records every decision in the audit chain with its evidence hashes', async () => {
      const res = await call('get', `/audit?subject=promotion:${scopedReq}`, 'rel').expect(200);
      expect(res.body.map((e: { action: string }) => e.action)).toEqual(['promotion.requested', 'promotion.approved', 'promotion.applied']);
      const approved = JSON.parse(res.body[1].payload);
      const run = await call('get', `/evaluations/${run1}`, 'rel').expect(200);
      expect(approved).toMatchObject({
        evidence: { runId: run1, reportHash: run.body.reportHash, mappingVersion: 1 },
        policy: { name: 'default', version: 1 },
        owner: 'rel2',
      });
      expect(approved.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.parse(res.body[2].payload)).toMatchObject({ stage: 'production', deployed: 12, superseded: 0 });
    });

    it('shows a plant manager only their site, and refuses another', async () => {
      const res = await call('get', '/fleet/coverage', 'pm').expect(200);
      expect(res.body.machines.map((m: { assetId: string }) => m.assetId)).toEqual(P200);
      expect(res.body.counts.site.map((c: { value: string }) => c.value)).toEqual(['PLT1']);
      await call('get', '/fleet/coverage?site=PLT2', 'pm').expect(403);
      expect((await call('get', '/fleet/coverage?site=PLT2', 'mle').expect(200)).body.totals).toEqual({ machines: 8, covered: 4, notCovered: 4 });
    });
  });

  describe('waivers, supersession and rollback', () => {
    let req2: string;

    it('applies a waived promotion of v2 over v1 and rolls it back to exactly the previous state', async () => {
      const before = (await call('get', '/fleet/coverage', 'admin').expect(200)).body;
      const res = await promote('mle', { modelVersionId: v2, scope: 'validated-scope', evidenceRunId: run2 }).expect(201);
      req2 = res.body.id;
      expect(res.body.blocking).toEqual(['recall', 'recall-lower-bound']);
      expect(res.body.ruleResults.find((r: { id: string }) => r.id === 'recall').outcome).toBe('insufficient-evidence');
      await call('post', `/promotions/${req2}/approve`, 'rel2')
        .send({ waivers: [{ ruleId: 'recall', justification: 'no failures in the window; v1 recall carries over' }] })
        .expect(422);
      const approved = await call('post', `/promotions/${req2}/approve`, 'rel2')
        .send({
          waivers: [
            { ruleId: 'recall', justification: 'no failures in the window; v1 recall carries over' },
            { ruleId: 'recall-lower-bound', justification: 'same' },
          ],
        })
        .expect(200);
      expect(approved.body.decision).toMatchObject({ by: 'rel2', owner: 'rel2', waivers: [{ ruleId: 'recall' }, { ruleId: 'recall-lower-bound' }] });
      const during = (await call('get', '/fleet/coverage', 'admin').expect(200)).body;
      expect(during.totals).toEqual({ machines: 16, covered: 16, notCovered: 0 });
      expect(new Set(during.machines.map((m: { production: Array<{ version: number }> }) => m.production[0].version))).toEqual(new Set([2]));
      const waivers = await call('get', `/audit?subject=promotion:${req2}&action=promotion.waiver`, 'rel').expect(200);
      expect(waivers.body.map((e: { payload: string }) => JSON.parse(e.payload).ruleId)).toEqual(['recall', 'recall-lower-bound']);

      await call('post', `/promotions/${req2}/rollback`, 'mle').expect(403);
      const rolled = await call('post', `/promotions/${req2}/rollback`, 'rel').expect(200);
      expect(rolled.body).toMatchObject({ status: 'rolled-back', rollback: { by: 'rel' } });
      const after = (await call('get', '/fleet/coverage', 'admin').expect(200)).body;
      const strip = (c: { machines: unknown[] }) => c.machines;
      expect(strip(after)).toEqual(strip(before));
      expect((await call('get', '/models/pump/versions/2', 'mle').expect(200)).body.history.map((h: { toStage: string }) => h.toStage)).toEqual([
        'pilot',
        'production',
        'pilot',
      ]);
      await call('post', `/promotions/${req2}/rollback`, 'rel').expect(409);
      const audit = await call('get', `/audit?subject=promotion:${req2}&action=promotion.rolled-back`, 'rel').expect(200);
      expect(JSON.parse(audit.body[0].payload)).toMatchObject({ deactivated: 16, restored: 12, restoredVersions: [v1] });
    });

    it('exports an evidence bundle that verifies offline, and fails once tampered', async () => {
      await call('get', `/model-versions/${v2}/evidence`, 'pm').expect(403);
      const res = await call('get', `/model-versions/${v2}/evidence`, 'rel').expect(200);
      const bundle = res.body;
      expect(bundle.promotions.map((p: { id: string }) => p.id)).toEqual([req2]);
      expect(bundle.evidenceRuns.map((r: { id: string }) => r.id)).toEqual([run2]);
      expect(bundle.auditEvents.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining([
          'model.registered',
          'promotion.requested',
          'promotion.approved',
          'promotion.waiver',
          'promotion.applied',
          'model.stage-changed',
          'promotion.rolled-back',
          'gate-policy.created',
        ]),
      );
      const verdict = verifyEvidenceBundle(bundle);
      expect(verdict.problems).toEqual([]);
      expect(verdict.ok).toBe(true);
      const tampered = JSON.parse(JSON.stringify(bundle));
      tampered.evidenceRuns[0].report = tampered.evidenceRuns[0].report.replace('"generalizes":16', '"generalizes":15');
      expect(verifyEvidenceBundle(tampered).problems.map((p) => p.check)).toEqual([`report ${run2}`]);
    });

    it('leaves the audit chain intact', async () => {
      const res = await call('get', '/audit/verify', 'admin').expect(200);
      expect(res.body.ok).toBe(true);
      const ds = api.app.get(DataSource);
      const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM deployments WHERE active = true AND stage = 'production'`);
      expect(Number(n)).toBe(12);
    });

    it('archives a version (out of service everywhere, no evidence needed) and rolls the archive back', async () => {
      const req = await call('post', '/promotions', 'mle')
        .send({ modelVersionId: v1, targetStage: 'archived', scope: 'fleet', justification: 'superseded by the next model' })
        .expect(201);
      expect(req.body).toMatchObject({ outcome: 'pass', ruleResults: [], evidence: { runId: null }, fromStage: 'production' });
      await call('post', `/promotions/${req.body.id}/approve`, 'rel').send({}).expect(200);
      expect((await call('get', '/fleet/coverage', 'admin').expect(200)).body.totals.covered).toBe(0);
      expect((await call('get', '/models/pump/versions/1', 'mle').expect(200)).body.stage).toBe('archived');
      await call('post', '/promotions', 'mle')
        .send({ modelVersionId: v1, targetStage: 'production', scope: 'validated-scope', evidenceRunId: run1, justification: 'again' })
        .expect(422);
      await call('post', `/promotions/${req.body.id}/rollback`, 'admin').expect(200);
      expect((await call('get', '/fleet/coverage', 'admin').expect(200)).body.totals.covered).toBe(12);
      expect((await call('get', '/models/pump/versions/1', 'mle').expect(200)).body.stage).toBe('production');
    });
  });
});
