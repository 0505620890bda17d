import request from 'supertest';
import { DEFAULT_POLICY_WITH_VALUE, DEFAULT_VALUE_COSTS, VALUE_RULE } from '@fleetgate/gate';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { importMachines, insertRun, insertVersion, MachineResult } from './gate-test.fixtures';

const P200 = Array.from({ length: 6 }, (_, i) => `PLT1-P200-0${i + 1}`);
const K10 = Array.from({ length: 4 }, (_, i) => `PLT2-K10-0${i + 1}`);

/**
 * What a model is worth: the value migration's proposed `default` version, an advisory value rule
 * that fails without blocking a promotion, and the net value of a run per segment.
 */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('net value and advisory rules (%s)', (_driver, sqlite) => {
  let api: TestApi;
  let version: string;
  let oldVersion: string;
  let costly: string;
  let beforeValue: string;
  const call = (method: 'get' | 'post', path: string, user: string) => {
    const r = request(api.url)[method](`/api${path}`);
    return r.set('authorization', `Bearer ${api.tokens[user]}`);
  };

  beforeAll(async () => {
    api = await startApi({ sqlite });
    await importMachines(api.app, [
      ...P200.map((assetId) => ({ assetId, site: 'PLT1', machineModel: 'P200' })),
      ...K10.map((assetId) => ({ assetId, site: 'PLT2', machineModel: 'K10', commissionedAt: '2012-06-01' })),
    ]);
    version = await insertVersion(api.app, 'pump', 1);
    oldVersion = await insertVersion(api.app, 'pump', 2);
    // Every machine generalizes and caught its one failure — but only 2 h ahead (less than the 24 h a
    // planned repair needs), after 3 false alarms in 1,000 h: every other rule passes, the value is
    // 1000 × (0 − 3 × 500) / 1,000 h = −1,500 per 1,000 machine-hours on each machine.
    const results: MachineResult[] = [...P200, ...K10].map((assetId) => ({
      assetId,
      verdict: 'generalizes',
      failures: 1,
      detected: 1,
      value: { machineHours: 1000, failures: 1, leadTimesHours: [2], falseAlarms: 3 },
    }));
    costly = await insertRun(api.app, version, results);
    // A run stored before value counts existed.
    beforeValue = await insertRun(
      api.app,
      oldVersion,
      results.map(({ value: _, ...r }) => r),
    );
  });
  afterAll(async () => {
    await api?.close();
  });

  it('writes the advisory value rule and placeholder costs as the next proposed version of default, audited on first use', async () => {
    const list = (await call('get', '/gate/policies', 'rel').expect(200)).body as Array<{ version: number; status: string; definition: unknown }>;
    const v3 = list.find((p) => p.version === 3);
    expect(v3).toMatchObject({ status: 'proposed', createdBy: 'system', definition: DEFAULT_POLICY_WITH_VALUE });
    expect(DEFAULT_POLICY_WITH_VALUE.rules.find((r) => r.kind === 'value')).toEqual({ ...VALUE_RULE, mode: 'advisory' });
    expect(DEFAULT_POLICY_WITH_VALUE.value).toEqual(DEFAULT_VALUE_COSTS);
    const events = (await call('get', '/audit?subject=gate-policy:default@3', 'admin').expect(200)).body as Array<{ actor: string; payload: string }>;
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({ version: 3, status: 'proposed', writtenBy: 'migration' });
  });

  it('prices a run with the shipped placeholder costs while no approved default version sets costs', async () => {
    const res = await call('get', `/evaluations/${costly}/value`, 'mle').expect(200);
    expect(res.body).toMatchObject({ runId: costly, costs: DEFAULT_VALUE_COSTS, costsFrom: null });
    await call('get', `/evaluations/${costly}/value`, 'pm').expect(403);
  });

  it('does not block a promotion on a failing advisory value rule, and approves it without a waiver', async () => {
    await call('post', '/gate/policies/default/versions/3/approve', 'rel2').expect(200);
    const req = await call('post', '/promotions', 'mle')
      .send({ modelVersionId: version, targetStage: 'production', scope: 'fleet', evidenceRunId: costly, justification: 'fleet rollout' })
      .expect(201);
    expect(req.body).toMatchObject({ outcome: 'pass', blocking: [], policy: { name: 'default', version: 3 } });
    const value = req.body.ruleResults.find((r: { id: string }) => r.id === 'value');
    expect(value).toMatchObject({ kind: 'value', value: -1500, threshold: 0, comparison: '>', outcome: 'fail', advisory: true });
    expect(value.detail).toContain('net value -1,500 per 1,000 machine-hours (95 % bootstrap over 10 machines -1,500 to -1,500)');
    expect(value.detail).toContain('0 of 10 labelled failures detected ≥ 24 h ahead (10 later), 30 false alarms over 10,000 machine-hours');
    const approved = await call('post', `/promotions/${req.body.id}/approve`, 'rel').send({}).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decision: { waivers: [] } });
  });

  it('shows the net value of a run for the fleet, the validated scope and each segment, priced with the approved version', async () => {
    const res = await call('get', `/evaluations/${costly}/value`, 'rel').expect(200);
    expect(res.body.costsFrom).toMatchObject({ name: 'default', version: 3 });
    const expected = { failures: 10, detectedInTime: 0, detectedLate: 10, falseAlarms: 30, estimate: -1500, low: -1500, high: -1500, insufficient: null };
    expect(res.body.fleet).toMatchObject({ machines: 10, machineHours: 10_000, ...expected });
    expect(res.body.validatedScope).toMatchObject({ machines: 10, ...expected });
    expect(
      res.body.segments.map(
        (s: { dimension: string; value: string; machines: number; estimate: number }) => `${s.dimension}=${s.value}:${s.machines}:${s.estimate}`,
      ),
    ).toEqual([
      'machineModel=K10:4:-1500',
      'machineModel=P200:6:-1500',
      'ageBand=5-10y:6:-1500',
      'ageBand=10-15y:4:-1500',
      'site=PLT1:6:-1500',
      'site=PLT2:4:-1500',
    ]);
  });

  it('says insufficient evidence, never a crash, for a run stored before value counts', async () => {
    const res = await call('get', `/evaluations/${beforeValue}/value`, 'rel').expect(200);
    expect(res.body.fleet).toMatchObject({ estimate: null, insufficient: expect.stringContaining('10 of 10 evaluated machines have no value counts') });
    const req = await call('post', '/promotions', 'mle')
      .send({ modelVersionId: oldVersion, targetStage: 'staging', scope: 'fleet', evidenceRunId: beforeValue, justification: 'staging trial' })
      .expect(201);
    expect(req.body).toMatchObject({ outcome: 'pass', blocking: [] });
    expect(req.body.ruleResults.find((r: { id: string }) => r.id === 'value')).toMatchObject({ outcome: 'insufficient-evidence', value: null, advisory: true });
  });
});
