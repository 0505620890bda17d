import { startApi, TestApi } from '../../../test/setup/harness';
import { EvaluableFleet, seedEvaluableFleet } from '../../../test/fuzz/evaluable-fleet.fixture';

/** The classes of bad input that used to answer 500, each as a user sends it, and the smaller naming fixes. */
describe('bad input answers a 4xx that names what is wrong (PostgreSQL)', () => {
  let api: TestApi;
  let fleet: EvaluableFleet;

  const send = async (method: string, route: string, opts: { token?: string; body?: string; type?: string } = {}) => {
    const res = await fetch(`${api.url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${api.tokens[opts.token ?? 'admin']}`,
        ...(opts.body !== undefined ? { 'content-type': opts.type ?? 'application/json' } : {}),
      },
      body: opts.body,
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : {}) as { code?: string; message?: string; errors?: Array<Record<string, unknown>>; [k: string]: unknown },
    };
  };
  const json = (method: string, route: string, body: unknown, token = 'admin') => send(method, route, { token, body: JSON.stringify(body) });
  const fields = (r: { body: { errors?: Array<Record<string, unknown>> } }) => (r.body.errors ?? []).map((e) => e.field ?? e.byte ?? e.line);

  beforeAll(async () => {
    api = await startApi();
    fleet = await seedEvaluableFleet(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses NUL bytes in a body field, a path parameter and a query parameter, naming each', async () => {
    const body = await json('POST', '/api/machines', {
      assetId: 'PLT1-P200-0099',
      site: 'PLT1',
      machineModel: 'P2\u000000',
      manufacturer: 'A',
      commissionedAt: '2020-01-01',
      criticality: 'low',
      rawTags: ['x'],
    });
    expect(body.status).toBe(400);
    expect(fields(body)).toEqual(['machineModel']);
    const param = await send('GET', '/api/models/a%00b');
    expect(param.status).toBe(400);
    expect(fields(param)).toEqual(['name']);
    const query = await send('GET', '/api/audit?action=a%00b', { token: 'rel' });
    expect(query.status).toBe(400);
    expect(fields(query)).toEqual(['action']);
    const tags = await json('PUT', '/api/mapping/rules', { rules: [{ id: 'x', signal: 'vibration_rms', unit: 'mm/s', match: { exact: ['v\u0000'] } }] });
    expect(fields(tags)).toEqual(['rules[0].match.exact[0]']);
  });

  it('refuses JSON nested thousands of levels deep with a 400 naming the byte, before validation', async () => {
    const deep = await send('POST', '/api/sites', { body: `{"name":${'['.repeat(5000)}1${']'.repeat(5000)}}` });
    expect(deep.status).toBe(400);
    expect(deep.body.code).toBe('JSON_TOO_DEEP');
    // `{"name":` is bytes 0–7 and level 1; the 64th `[` (byte 8 + 63) is level 65.
    expect(deep.body.errors).toEqual([expect.objectContaining({ byte: 8 + 63 })]);
  });

  it('answers 415 to JSON in latin1 and to a content type the api does not read', async () => {
    const latin1 = await send('POST', '/api/sites', { body: '{"name":"PLT9"}', type: 'application/json; charset=latin1' });
    expect(latin1).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(latin1.body.message).toContain('LATIN1');
    const xml = await send('POST', '/api/sites', { body: '<site/>', type: 'application/xml' });
    expect(xml).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const text = await send('POST', '/api/sites', { body: '{"name":"PLT9"}', type: 'text/plain' });
    expect(text.status).toBe(415);
    expect((await send('GET', '/api/sites')).body).not.toEqual(expect.arrayContaining([expect.objectContaining({ name: 'PLT9' })]));
  });

  it('names the byte of a JSON syntax error', async () => {
    const cut = await send('POST', '/api/sites', { body: '{"name": "PLT9",' });
    expect(cut).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON', errors: [expect.objectContaining({ byte: 16 })] } });
  });

  it('refuses integers beyond their column by field: version, afterSeq, offset, a path version, a look-back period', async () => {
    const version = await json('POST', '/api/models/register', { manifest: fleet.manifest, onnxBase64: fleet.onnxBase64, version: 2147483648 }, 'mle');
    expect(version.status).toBe(400);
    expect(fields(version)).toEqual(['version']);
    const afterSeq = await send('GET', '/api/audit?afterSeq=99999999999', { token: 'rel' });
    expect([afterSeq.status, fields(afterSeq)]).toEqual([400, ['afterSeq']]);
    const offset = await send('GET', '/api/machines?offset=1e20');
    expect([offset.status, fields(offset)]).toEqual([400, ['offset']]);
    const rules = await send('GET', '/api/mapping/rules/2147483648');
    expect([rules.status, fields(rules)]).toEqual([400, ['version']]);
    const policy = await send('GET', '/api/gate/policies/default/versions/99999999999');
    expect([policy.status, fields(policy)]).toEqual([400, ['version']]);
    const lookback = await json('POST', '/api/evaluations', { modelVersionId: fleet.modelVersionId, lookback: '99999999999999999999d' });
    expect([lookback.status, fields(lookback)]).toEqual([400, ['lookback']]);
  });

  it('names the path parameter of a non-UUID id', async () => {
    const res = await send('GET', '/api/evaluations/not-a-uuid');
    expect(res).toMatchObject({ status: 400, body: { errors: [{ field: 'id', message: 'must be a UUID' }] } });
  });

  it('refuses an empty mapping rule set and a rule scoped on a site that does not exist', async () => {
    const before = await send('GET', '/api/mapping/versions');
    const empty = await json('PUT', '/api/mapping/rules', { rules: [] });
    expect([empty.status, fields(empty)]).toEqual([400, ['rules']]);
    const rule = { id: 'x.vib', signal: 'vibration_rms', unit: 'mm/s', match: { exact: ['vibx'] }, scope: { site: 'NOWHERE' } };
    const unknown = await json('PUT', '/api/mapping/rules', { rules: [rule] });
    expect([unknown.status, fields(unknown)]).toEqual([400, ['rules[0].scope.site']]);
    const added = await json('POST', '/api/mapping/rules', { rule });
    expect([added.status, fields(added)]).toEqual([400, ['rule.scope.site']]);
    const scoped = await json('PUT', '/api/mapping/rules', { rules: [{ ...rule, scope: { site: 'plt1' } }] });
    expect(scoped.status).toBe(200);
    expect((await send('GET', '/api/mapping/versions')).body).toHaveLength((before.body as unknown as unknown[]).length + 1);
  });

  it('refuses a plant manager on a site that does not exist, naming it', async () => {
    const res = await json('POST', '/api/users', { name: 'pm2', role: 'plant-manager', sites: ['PLT1', 'NOWHERE'] });
    expect([res.status, fields(res)]).toEqual([400, ['sites[1]']]);
    expect((await json('POST', '/api/users', { name: 'pm2', role: 'plant-manager', sites: ['PLT1'] })).status).toBe(201);
  });

  it('names the field of a new signal as `unit`, not `signals[0].unit`', async () => {
    const res = await json('POST', '/api/signals', { name: 'oil_temp', unit: 'furlongs', min: 0, max: 1 });
    expect(res.status).toBe(400);
    expect(fields(res)).toContain('unit');
  });

  it('cancels a queued run with 200, status cancelled and finishedAt set, as OpenAPI says; then 409', async () => {
    const started = await json('POST', '/api/evaluations', { modelVersionId: fleet.modelVersionId, lookback: '90d' });
    expect(started.status).toBe(202);
    const cancelled = await send('POST', `/api/evaluations/${String(started.body.id)}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: started.body.id, status: 'cancelled', finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const read = await send('GET', `/api/evaluations/${String(started.body.id)}`);
    expect(read.body.finishedAt).toBe(cancelled.body.finishedAt);
    expect((await send('POST', `/api/evaluations/${String(started.body.id)}/cancel`)).status).toBe(409);
  });
});
