import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import { Role } from '@fleetgate/common';
import { startApi, TestApi } from '../../../test/setup/harness';
import { importMachines, insertRun, insertVersion } from './gate/gate-test.fixtures';

/**
 * Every endpoint of the api × every role (and no token): who is let in. "Allowed" means
 * the guard let the call through — any answer but 401/403 (a 400 for an empty body or a
 * 404 for a made-up id is fine). The table is checked against the OpenAPI document, so a
 * new endpoint without a row here fails this spec.
 */
type Access = 'public' | 'all' | Role[];
const ADMIN: Role = 'admin';
const MLE: Role = 'ml-engineer';
const REL: Role = 'reliability-engineer';
const PM: Role = 'plant-manager';

const ENDPOINTS: Array<[method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, access: Access]> = [
  ['GET', '/api/health', 'public'],
  ['GET', '/api/health/live', 'public'],
  ['GET', '/api/health/ready', 'public'],
  // the queue view's browser session (the view itself, /api/admin/queues, is not in OpenAPI: test/ops covers it)
  ['POST', '/api/admin/session', [ADMIN]],
  ['DELETE', '/api/admin/session', 'public'],
  // users, audit
  ['GET', '/api/users/me', 'all'],
  ['GET', '/api/users', [ADMIN]],
  ['POST', '/api/users', [ADMIN]],
  ['POST', '/api/users/{name}/revoke', [ADMIN]],
  ['GET', '/api/audit', [ADMIN, REL]],
  ['GET', '/api/audit/verify', [ADMIN, REL]],
  ['GET', '/api/deployments', 'all'],
  ['GET', '/api/deployments/consistency', [ADMIN, REL]],
  ['POST', '/api/deployments/{id}/reinstate', [REL]],
  // fleet
  ['GET', '/api/sites', 'all'],
  ['POST', '/api/sites', [ADMIN]],
  ['POST', '/api/sites/{name}/lines', [ADMIN]],
  ['GET', '/api/machines', 'all'],
  ['POST', '/api/machines', [ADMIN]],
  ['GET', '/api/machines/{id}', 'all'],
  ['GET', '/api/machines/{id}/tags', 'all'],
  ['GET', '/api/machines/{id}/quality', 'all'],
  ['GET', '/api/machines/{id}/events', 'all'],
  ['GET', '/api/machines/{id}/baselines', 'all'],
  ['POST', '/api/machines/{id}/baseline', [ADMIN, REL]],
  ['GET', '/api/ingest/status', [ADMIN, REL]],
  ['POST', '/api/fleet/import', [ADMIN]],
  ['GET', '/api/mapping/rules', 'all'],
  ['PUT', '/api/mapping/rules', [ADMIN]],
  ['POST', '/api/mapping/rules', [ADMIN]],
  ['GET', '/api/mapping/rules/{version}', 'all'],
  ['GET', '/api/mapping/versions', 'all'],
  ['GET', '/api/signals', 'all'],
  ['POST', '/api/signals', [ADMIN]],
  // registry
  ['POST', '/api/models/register', [ADMIN, MLE]],
  ['POST', '/api/models/upload', [ADMIN, MLE]],
  ['GET', '/api/models', 'all'],
  ['GET', '/api/models/{name}', 'all'],
  ['GET', '/api/models/{name}/versions/{version}', 'all'],
  ['GET', '/api/model-versions/{id}', 'all'],
  ['GET', '/api/model-versions/{id}/profile', 'all'],
  ['GET', '/api/model-versions/{id}/evidence', [ADMIN, MLE, REL]],
  // evaluations
  ['POST', '/api/evaluations', [ADMIN, MLE, REL]],
  ['GET', '/api/evaluations', 'all'],
  ['GET', '/api/evaluations/{id}', 'all'],
  ['GET', '/api/evaluations/{id}/report', 'all'],
  ['GET', '/api/evaluations/{id}/machines', 'all'],
  ['GET', '/api/evaluations/{id}/value', [ADMIN, MLE, REL]],
  ['POST', '/api/evaluations/{id}/advice', [ADMIN, MLE, REL]],
  ['GET', '/api/evaluations/{id}/advice', [ADMIN, MLE, REL]],
  ['POST', '/api/evaluations/{id}/cancel', [ADMIN, MLE, REL]],
  // gate
  ['POST', '/api/gate/policies', [ADMIN, REL]],
  ['GET', '/api/gate/policies', 'all'],
  ['GET', '/api/gate/policies/{name}/versions/{version}', 'all'],
  ['POST', '/api/gate/policies/{name}/versions/{version}/approve', [ADMIN, REL]],
  ['POST', '/api/promotions', [ADMIN, MLE, REL]],
  ['GET', '/api/promotions', 'all'],
  ['GET', '/api/promotions/{id}', 'all'],
  ['POST', '/api/promotions/{id}/approve', [REL]],
  ['POST', '/api/promotions/{id}/reject', [ADMIN, REL]],
  ['POST', '/api/promotions/{id}/rollback', [ADMIN, REL]],
  ['GET', '/api/fleet/coverage', 'all'],
  // health, alarms, maintenance, the stream (plant managers: their sites; acknowledging is their only write)
  ['GET', '/api/fleet/health', 'all'],
  ['GET', '/api/machines/{id}/health', 'all'],
  ['GET', '/api/machines/{id}/telemetry', 'all'],
  ['PUT', '/api/machines/{id}/alarm-rule', [ADMIN, REL]],
  ['GET', '/api/alarms', 'all'],
  ['POST', '/api/alarms/{id}/acknowledge', [ADMIN, REL, PM]],
  ['POST', '/api/maintenance-windows', [ADMIN, REL]],
  ['GET', '/api/maintenance-windows', 'all'],
  ['POST', '/api/scoring/rounds', [ADMIN, REL]],
  // shadow mode
  ['POST', '/api/shadows', [ADMIN, REL, MLE]],
  ['GET', '/api/shadows/{id}', [ADMIN, REL, MLE]],
  ['POST', '/api/shadows/{id}/stop', [ADMIN, REL, MLE]],
  ['GET', '/api/stream', 'all'],
  // webhooks (admin only)
  ['POST', '/api/webhooks', [ADMIN]],
  ['GET', '/api/webhooks', [ADMIN]],
  ['GET', '/api/webhooks/{id}', [ADMIN]],
  ['GET', '/api/webhooks/{id}/deliveries', [ADMIN]],
  ['POST', '/api/webhooks/{id}/pause', [ADMIN]],
  ['POST', '/api/webhooks/{id}/resume', [ADMIN]],
];

/** The one endless route: its access is read from the status line, then the stream is aborted. */
const STREAM = '/api/stream';

async function streamStatus(url: string, token: string | undefined): Promise<number> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: abort.signal });
  abort.abort();
  return res.status;
}

/** The test users of each role (see the harness); null = no token. */
const CALLERS: Array<[user: string | null, role: Role | null]> = [
  ['admin', 'admin'],
  ['mle', 'ml-engineer'],
  ['rel', 'reliability-engineer'],
  ['pm', 'plant-manager'],
  [null, null],
];

// Made-up ids and names: an allowed call ends in 400/404, never touching a real row.
const PARAMS: Record<string, string> = { id: '00000000-0000-4000-8000-000000000000', name: 'no-such-name', version: '999' };

function expected(access: Access, role: Role | null): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  if (role === null) return 401;
  return access === 'all' || access.includes(role) ? 'allowed' : 403;
}

describe('access matrix: every endpoint × role', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lists every endpoint the api serves, and only those', () => {
    const doc = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`));
    expect(ENDPOINTS.map(([m, p]) => `${m} ${p}`).sort()).toEqual(served.sort());
  });

  const cases = ENDPOINTS.flatMap(([method, path, access]) => CALLERS.map(([user, role]) => ({ method, path, user, role, want: expected(access, role) })));
  it.each(cases)('$method $path as $user → $want', async ({ method, path, user, want }) => {
    const url = path.replace(/\{(\w+)\}/g, (_, p: string) => PARAMS[p]);
    if (path === STREAM) {
      const status = await streamStatus(`${api.url}${url}`, user ? api.tokens[user] : undefined);
      if (want === 'allowed') expect(status).toBe(200);
      else expect(status).toBe(want);
      return;
    }
    let req = request(api.url)[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](url);
    if (user) req = req.set('authorization', `Bearer ${api.tokens[user]}`);
    const res = method === 'GET' ? await req : await req.send({});
    if (want === 'allowed') {
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else expect(res.status).toBe(want);
  });
});

/**
 * Data that stays on its site: with machines on two sites, an evaluation run and an approved
 * promotion covering both, every GET route of the api (read from the OpenAPI document, so a new
 * route is covered without a row here) is called by every role on real ids, and the plant
 * manager of PLT1 never gets a body holding a PLT2 asset id.
 */
describe('access matrix: no body leaks another site', () => {
  const MINE = ['PLT1-S-01', 'PLT1-S-02', 'PLT1-S-03'];
  const THEIRS = ['PLT2-S-01', 'PLT2-S-02', 'PLT2-S-03'];
  let api: TestApi;
  let ids: { version: string; run: string; promotion: string };
  const as = (user: string) => ({ authorization: `Bearer ${api.tokens[user]}` });

  beforeAll(async () => {
    api = await startApi();
    await importMachines(api.app, [
      ...MINE.map((assetId) => ({ assetId, site: 'PLT1', machineModel: 'P200' })),
      ...THEIRS.map((assetId) => ({ assetId, site: 'PLT2', machineModel: 'K10' })),
    ]);
    const version = await insertVersion(api.app, 'pump', 1);
    const run = await insertRun(api.app, version, [
      ...MINE.map((assetId) => ({ assetId, verdict: 'generalizes' as const, failures: 4, detected: 4 })),
      { assetId: THEIRS[0], verdict: 'generalizes' as const, failures: 4, detected: 4 },
      { assetId: THEIRS[1], verdict: 'out-of-domain' as const },
      { assetId: THEIRS[2], verdict: 'failed' as const },
    ]);
    const requested = await request(api.url)
      .post('/api/promotions')
      .set(as('mle'))
      .send({
        modelVersionId: version,
        targetStage: 'production',
        scope: 'assets',
        assetIds: [...MINE, ...THEIRS],
        evidenceRunId: run,
        justification: 'both sites',
      });
    expect(requested.body).toMatchObject({ status: 'pending' });
    const waivers = (requested.body.blocking as string[]).map((ruleId) => ({ ruleId, justification: 'test fleet' }));
    await request(api.url).post(`/api/promotions/${requested.body.id}/approve`).set(as('rel')).send({ waivers, owner: 'rel' }).expect(200);
    ids = { version, run, promotion: requested.body.id };
  });
  afterAll(async () => {
    await api?.close();
  });

  /** Every GET route with real ids filled in (the plant manager's own machine for a machine id). */
  function getRoutes(): string[] {
    const doc = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
    const fill = (path: string) =>
      path.replace(/\{(\w+)\}/g, (_, p: string) => {
        if (p === 'id' && path.startsWith('/api/machines')) return MINE[0];
        if (p === 'id' && path.startsWith('/api/model-versions')) return ids.version;
        if (p === 'id' && path.startsWith('/api/evaluations')) return ids.run;
        if (p === 'id' && path.startsWith('/api/promotions')) return ids.promotion;
        if (p === 'name') return path.startsWith('/api/gate') ? 'default' : 'pump';
        return '1';
      });
    return (
      Object.entries(doc.paths)
        // The stream never ends: test/scoring's stream spec proves a plant manager's carries no other site's events.
        .filter(([path, ops]) => 'get' in (ops as object) && path !== STREAM)
        .map(([path]) => fill(path))
        .map((url) => (url === '/api/machines' ? `${url}?limit=1000` : url))
    );
  }

  const leaks = (text: string) => THEIRS.filter((a) => text.includes(a));

  it.each(['admin', 'mle', 'rel', 'pm'])('no GET route answers %s with a machine of a site they may not see', async (user) => {
    const seen: string[] = [];
    for (const url of getRoutes()) {
      const res = await request(api.url).get(url).set(as(user));
      expect(res.status).toBeLessThan(500);
      const text = res.text ?? '';
      if (user === 'pm') expect({ url, leaks: leaks(text) }).toEqual({ url, leaks: [] });
      seen.push(...leaks(text));
    }
    // Roles without a site list see the whole fleet: the same sweep finds PLT2 everywhere it is stored.
    if (user !== 'pm') expect(new Set(seen)).toEqual(new Set(THEIRS));
  });

  it("answers a plant manager's request for another site's machine exactly as for an unknown one", async () => {
    for (const suffix of ['', '/tags', '/quality', '/events']) {
      const hidden = await request(api.url).get(`/api/machines/${THEIRS[0]}${suffix}`).set(as('pm'));
      const unknown = await request(api.url).get(`/api/machines/NO-SUCH-01${suffix}`).set(as('pm'));
      expect([hidden.status, unknown.status]).toEqual([404, 404]);
      expect(hidden.body.code).toBe(unknown.body.code);
    }
  });

  it('shows the plant manager the run over their machines, with what was withheld counted', async () => {
    const run = (await request(api.url).get(`/api/evaluations/${ids.run}`).set(as('pm')).expect(200)).body;
    expect(run.progress).toEqual({ total: 3, done: 3, failed: 0 });
    expect(run.withheld).toEqual({ machines: 3 });
    expect(run.selection.assetIds).toEqual(MINE);
    const full = (await request(api.url).get(`/api/evaluations/${ids.run}`).set(as('rel')).expect(200)).body;
    expect(full.progress).toEqual({ total: 6, done: 5, failed: 1 });
    expect(full).not.toHaveProperty('withheld');

    const page = (await request(api.url).get(`/api/evaluations/${ids.run}/machines?limit=2`).set(as('pm')).expect(200)).body;
    expect(page).toMatchObject({ total: 3, offset: 0, withheld: { machines: 3 } });
    expect(page.items.map((m: { assetId: string }) => m.assetId)).toEqual(MINE.slice(0, 2));
    const list = (await request(api.url).get('/api/evaluations').set(as('pm')).expect(200)).body;
    expect(list.map((r: { id: string }) => r.id)).toEqual([ids.run]);
  });

  it('gives the plant manager a derived report whose hash is named as that of the full report', async () => {
    const fullRes = await request(api.url).get(`/api/evaluations/${ids.run}/report`).set(as('rel')).expect(200);
    const view = (await request(api.url).get(`/api/evaluations/${ids.run}/report`).set(as('pm')).expect(200)).body;
    const { reportHash } = (await request(api.url).get(`/api/evaluations/${ids.run}`).set(as('pm')).expect(200)).body;
    expect(view.view).toEqual({ kind: 'site-filtered', sites: ['PLT1'], derivedFromReportHash: reportHash });
    expect(view.counts).toMatchObject({ machines: 3, evaluated: 3, failed: 0, verdicts: { generalizes: 3 } });
    expect(view.validatedScope.assetIds).toEqual(MINE);
    expect(view.segments).toEqual([]);
    expect(view.withheld).toEqual({ machines: 3, segments: JSON.parse(fullRes.text).segments.length });
    expect(JSON.parse(fullRes.text)).not.toHaveProperty('view');
  });

  it('shows the plant manager the promotion limited to their machines, and hides one that has none of them', async () => {
    const p = (await request(api.url).get(`/api/promotions/${ids.promotion}`).set(as('pm')).expect(200)).body;
    expect(p.scope).toMatchObject({ machines: 3, assetIds: MINE });
    expect(p.withheld).toEqual({ machines: 3 });
    const theirs = await request(api.url)
      .post('/api/promotions')
      .set(as('mle'))
      .send({ modelVersionId: ids.version, targetStage: 'archived', scope: 'assets', assetIds: THEIRS, justification: 'only PLT2' })
      .expect(201);
    await request(api.url).get(`/api/promotions/${theirs.body.id}`).set(as('pm')).expect(404);
    const list = (await request(api.url).get('/api/promotions').set(as('pm')).expect(200)).body;
    expect(list.map((x: { id: string }) => x.id)).toEqual([ids.promotion]);
    expect((await request(api.url).get('/api/promotions').set(as('rel')).expect(200)).body).toHaveLength(2);
  });
});
