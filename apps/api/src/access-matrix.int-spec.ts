import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import { Role } from '@fleetgate/common';
import { startApi, TestApi } from '../../../test/setup/harness';

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

const ENDPOINTS: Array<[method: 'GET' | 'POST' | 'PUT', path: string, access: Access]> = [
  ['GET', '/api/health', 'public'],
  // users, audit
  ['GET', '/api/users/me', 'all'],
  ['GET', '/api/users', [ADMIN]],
  ['POST', '/api/users', [ADMIN]],
  ['POST', '/api/users/{name}/revoke', [ADMIN]],
  ['GET', '/api/audit', [ADMIN, REL]],
  ['GET', '/api/audit/verify', [ADMIN, REL]],
  // fleet
  ['GET', '/api/sites', 'all'],
  ['POST', '/api/sites', [ADMIN]],
  ['POST', '/api/sites/{name}/lines', [ADMIN]],
  ['GET', '/api/machines', 'all'],
  ['POST', '/api/machines', [ADMIN]],
  ['GET', '/api/machines/{id}', 'all'],
  ['GET', '/api/machines/{id}/tags', 'all'],
  ['GET', '/api/machines/{id}/quality', 'all'],
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
  ['POST', '/api/evaluations/{id}/cancel', [ADMIN, MLE, REL]],
  // gate
  ['POST', '/api/gate/policies', [ADMIN, REL]],
  ['GET', '/api/gate/policies', 'all'],
  ['GET', '/api/gate/policies/{name}/versions/{version}', 'all'],
  ['POST', '/api/promotions', [ADMIN, MLE, REL]],
  ['GET', '/api/promotions', 'all'],
  ['GET', '/api/promotions/{id}', 'all'],
  ['POST', '/api/promotions/{id}/approve', [REL]],
  ['POST', '/api/promotions/{id}/reject', [ADMIN, REL]],
  ['POST', '/api/promotions/{id}/rollback', [ADMIN, REL]],
  ['GET', '/api/fleet/coverage', 'all'],
];

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
    let req = request(api.url)[method.toLowerCase() as 'get' | 'post' | 'put'](url);
    if (user) req = req.set('authorization', `Bearer ${api.tokens[user]}`);
    const res = method === 'GET' ? await req : await req.send({});
    if (want === 'allowed') {
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else expect(res.status).toBe(want);
  });
});
