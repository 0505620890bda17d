import request from 'supertest';
import { DataSource } from 'typeorm';
import { startApi, TestApi } from '../../../test/setup/harness';

describe('api foundation (PostgreSQL + Redis)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('reports database and Redis up on /api/health without a token', async () => {
    const res = await request(api.url).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up', driver: 'postgres' }, redis: { status: 'up' } });
  });

  it('answers 401 without a token and with a bad one', async () => {
    const none = await request(api.url).get('/api/users/me').expect(401);
    expect(none.body.code).toBe('AUTH_MISSING_TOKEN');
    const bad = await request(api.url).get('/api/users/me').set('authorization', 'Bearer fg_nope').expect(401);
    expect(bad.body.code).toBe('AUTH_BAD_TOKEN');
  });

  it('answers 403 for a wrong role', async () => {
    const res = await request(api.url).get('/api/users').set('authorization', `Bearer ${api.tokens.pm}`).expect(403);
    expect(res.body.message).toContain('plant-manager');
  });

  it('answers 400 naming an unknown field, and 400 for malformed JSON', async () => {
    const unknown = await request(api.url)
      .post('/api/users')
      .set('authorization', `Bearer ${api.tokens.admin}`)
      .send({ name: 'zed', role: 'admin', colour: 'red' })
      .expect(400);
    expect(unknown.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'colour' })]));
    const malformed = await request(api.url)
      .post('/api/users')
      .set('authorization', `Bearer ${api.tokens.admin}`)
      .set('content-type', 'application/json')
      .send('{"name": "zed",')
      .expect(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
  });

  it('detects an audit row edited in the database and names it', async () => {
    const ok = await request(api.url).get('/api/audit/verify').set('authorization', `Bearer ${api.tokens.rel}`).expect(200);
    expect(ok.body.ok).toBe(true);
    expect(ok.body.checked).toBeGreaterThanOrEqual(5);
    const ds = api.app.get(DataSource);
    await ds.query(`UPDATE audit_events SET payload = '{"role":"admin","sites":[]}' WHERE seq = 3`);
    const broken = await request(api.url).get('/api/audit/verify').set('authorization', `Bearer ${api.tokens.rel}`).expect(200);
    expect(broken.body).toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  });
});
