import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { registerModel, RunView, waitForRun } from '../evaluation/evaluation-api.util';
import { childEnv, WorkerProcess } from '../evaluation/processes.util';
import { simulateAndTrain, SimFleet, withSchema } from '../evaluation/sim-fleet.util';
import { ApiProcess, freePort, logLines, scrape, total } from './ops-process.util';

/**
 * Operating fleetgate, end to end: the built api and a worker as processes, each with its
 * metrics port, run a real evaluation over a small simulated fleet. The test scrapes both,
 * reads both logs, opens the queue view the way a browser does, and asks the probes. The
 * in-process api only creates the users (their tokens) in the test's schema.
 */
const MACHINES = 8;
const DAYS = 20;
const SEED = 23;
const WORKER_ENV = { FLEETGATE_LOCK_DURATION_MS: '5000', FLEETGATE_STALLED_INTERVAL_MS: '2000', WORKER_CONCURRENCY: '2' };

jest.setTimeout(600_000);

describe('operating fleetgate (e2e)', () => {
  let env: TestEnv;
  let users: TestApi;
  let procEnv: NodeJS.ProcessEnv;
  let fleet: SimFleet;
  let api: ApiProcess;
  let worker: WorkerProcess;
  let apiMetrics: number;
  let workerMetrics: number;
  let run: RunView;
  let version: { id: string };
  const requestId = `ops-e2e-${randomBytes(6).toString('hex')}`;
  const scrapesDuringRun: number[] = [];

  const bearer = (user: string) => ({ authorization: `Bearer ${users.tokens[user]}` });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers, redirect: 'manual' });

  beforeAll(async () => {
    env = isolatedEnv();
    users = await startApi({ env });
    procEnv = childEnv(env);
    fleet = await simulateAndTrain(env, procEnv, { machines: MACHINES, days: DAYS, seed: SEED });
    [apiMetrics, workerMetrics] = [await freePort(), await freePort()];
    api = new ApiProcess({ ...procEnv, LOG_LEVEL: 'debug', FLEETGATE_METRICS_PORT: String(apiMetrics) }, await freePort());
    worker = new WorkerProcess({ ...procEnv, ...WORKER_ENV, FLEETGATE_METRICS_PORT: String(workerMetrics) });
    await Promise.all([api.waitUntilListening(), worker.waitUntilStarted()]);
    version = await registerModel(api.url, users.tokens.mle, fleet.modelDir);
  }, 900_000);

  afterAll(async () => {
    await Promise.all([worker?.stop(), api?.stop()]);
    await users?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('runs an evaluation started with an X-Request-Id and echoes the id', async () => {
    const res = await fetch(`${api.url}/api/evaluations`, {
      method: 'POST',
      headers: { ...bearer('rel'), 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ modelVersionId: version.id, lookback: `${DAYS}d` }),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const started = (await res.json()) as RunView;
    run = await waitForRun(api.url, users.tokens.rel, started.id, {
      // Scrapes while the run is in flight answer too (no assumption on what they see).
      onPoll: async () => {
        if (scrapesDuringRun.length < 3) scrapesDuringRun.push((await scrape(apiMetrics)).status, (await scrape(workerMetrics)).status);
      },
    });
    expect(run.status).toBe('completed');
    expect(run.progress).toEqual({ total: MACHINES, done: MACHINES, failed: 0 });
    expect(scrapesDuringRun.every((s) => s === 200)).toBe(true);
  });

  it("the worker's /metrics: machines evaluated equals the run's machines; job durations and attempts per job name; Node and pool metrics", async () => {
    const m = await scrape(workerMetrics);
    expect(m.status).toBe(200);
    expect(m.contentType).toContain('text/plain');
    expect(total(m.samples, 'fleetgate_machines_evaluated_total')).toBe(MACHINES);
    expect(total(m.samples, 'fleetgate_job_duration_seconds_count', { job_name: 'evaluate-machine', outcome: 'completed' })).toBe(MACHINES);
    expect(total(m.samples, 'fleetgate_job_duration_seconds_count', { job_name: 'aggregate-run', outcome: 'completed' })).toBe(1);
    expect(total(m.samples, 'fleetgate_job_duration_seconds_sum', { job_name: 'evaluate-machine' })).toBeGreaterThan(0);
    // Every machine took one attempt: MACHINES observations summing to MACHINES.
    expect(total(m.samples, 'fleetgate_job_attempts_count', { job_name: 'evaluate-machine' })).toBe(MACHINES);
    expect(total(m.samples, 'fleetgate_job_attempts_sum', { job_name: 'evaluate-machine' })).toBe(MACHINES);
    expect(total(m.samples, 'fleetgate_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(total(m.samples, 'fleetgate_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(total(m.samples, 'fleetgate_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    // Labels stay bounded: no machine, asset or run id anywhere in the exposition.
    expect(m.text).not.toContain(run.id);
    for (const machine of fleet.truth.machines) expect(m.text).not.toContain(machine.assetId);
  });

  it("the api's /metrics: queue counts per state, runs by status, request durations by route template", async () => {
    const m = await scrape(apiMetrics);
    expect(m.status).toBe(200);
    const queue = { queue: 'evaluation' };
    // Every machine's job and the run's aggregate job completed; nothing left waiting or running.
    expect(total(m.samples, 'fleetgate_queue_jobs', { ...queue, state: 'completed' })).toBe(MACHINES + 1);
    for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(total(m.samples, 'fleetgate_queue_jobs', { ...queue, state })).toBe(0);
    // The other queues are reported too (nothing failed on them here).
    for (const other of ['scoring', 'webhooks']) expect(total(m.samples, 'fleetgate_queue_jobs', { queue: other, state: 'failed' })).toBe(0);
    expect(total(m.samples, 'fleetgate_evaluation_runs', { status: 'completed' })).toBe(1);
    expect(total(m.samples, 'fleetgate_evaluation_runs', { status: 'running' })).toBe(0);
    expect(total(m.samples, 'fleetgate_evaluation_runs_stalled')).toBe(0);
    expect(total(m.samples, 'fleetgate_http_request_duration_seconds_count', { method: 'POST', route: '/api/evaluations', status: '202' })).toBe(1);
    expect(
      total(m.samples, 'fleetgate_http_request_duration_seconds_count', { method: 'GET', route: '/api/evaluations/:id', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(m.text).not.toContain(run.id);
    expect(total(m.samples, 'fleetgate_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    // The api's /metrics is not on its main port.
    expect((await get('/metrics')).status).toBe(404);
  });

  it("logs JSON lines; the request id follows the run into the worker's lines (with run and machine); no token is ever logged", async () => {
    const apiLog = logLines(api.log);
    const workerLog = logLines(worker.log);
    expect(apiLog.other).toEqual([]);
    expect(workerLog.other).toEqual([]);
    const request = apiLog.lines.find((l) => l.msg === 'request completed' && l.requestId === requestId);
    expect(request).toMatchObject({ level: 'info', req: { method: 'POST', path: '/api/evaluations' }, res: { statusCode: 202 } });
    const evaluated = workerLog.lines.filter((l) => l.msg === 'machine evaluated' && l.runId === run.id);
    expect(evaluated).toHaveLength(MACHINES);
    for (const line of evaluated)
      expect(line).toMatchObject({ requestId, runId: run.id, machineId: expect.any(String), jobId: expect.stringContaining(run.id) });
    expect(new Set(evaluated.map((l) => l.machineId)).size).toBe(MACHINES);
    // The existing log reader of the e2e suites still finds every machine.
    expect(worker.evaluated(run.id)).toHaveLength(MACHINES);
    for (const token of Object.values(users.tokens)) {
      expect(api.log).not.toContain(token);
      expect(worker.log).not.toContain(token);
    }
    expect(api.log).not.toMatch(/Bearer\s+fg_/);
  });

  it('the queue view: 401 without a token, 403 for other roles, page and assets for an admin logged in through the cookie', async () => {
    expect((await get('/api/admin/queues/')).status).toBe(401);
    expect((await get('/api/admin/queues/', { authorization: 'Bearer fg_not-a-real-token-at-all' })).status).toBe(401);
    expect((await get('/api/admin/queues/', bearer('mle'))).status).toBe(403);
    expect((await get('/api/admin/queues/', { cookie: `fleetgate_admin=${users.tokens.pm}` })).status).toBe(403);
    const refused = await fetch(`${api.url}/api/admin/session`, { method: 'POST', headers: bearer('rel') });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${api.url}/api/admin/session`, { method: 'POST' })).status).toBe(401);

    const login = await fetch(`${api.url}/api/admin/session`, { method: 'POST', headers: bearer('admin') });
    expect(login.status).toBe(204);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/api\/admin/);
    const cookie = { cookie: setCookie.split(';')[0] };

    const page = await get('/api/admin/queues/', cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<base href="/api/admin/queues/"');
    const assets = [...html.matchAll(/(?:href|src)="(static\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const res = await get(`/api/admin/queues/${asset}`, cookie);
      expect(`${asset} ${res.status}`).toBe(`${asset} 200`);
      expect(res.headers.get('content-type')).toMatch(/css|javascript/);
      expect((await get(`/api/admin/queues/${asset}`)).status).toBe(401);
    }
    const queues = (await (await get('/api/admin/queues/api/queues', cookie)).json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(queues.queues.find((q) => q.name === 'evaluation')?.counts.completed).toBe(MACHINES + 1);

    // The queue view's requests are in the request log like any other.
    expect(logLines(api.log).lines.some((l) => l.msg === 'request completed' && (l.req as { path?: string })?.path === '/api/admin/queues/')).toBe(true);

    const logout = await fetch(`${api.url}/api/admin/session`, { method: 'DELETE', headers: cookie });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('probes: live answers, ready checks database, Redis and migrations, /api/health reports stalled runs without failing', async () => {
    const live = await get('/api/health/live');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: { status: 'ok' }, redis: { status: 'ok' }, migrations: { status: 'ok' } } });
    const health = await get('/api/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', stalledRuns: [] });
  });

  it('readiness fails with its reason when Redis is unreachable, while liveness still answers', async () => {
    const deadRedis = await freePort();
    const cut = new ApiProcess({ ...procEnv, REDIS_URL: `redis://127.0.0.1:${deadRedis}`, LOG_LEVEL: 'log' }, await freePort());
    try {
      await cut.waitUntilListening();
      expect((await fetch(`${cut.url}/api/health/live`)).status).toBe(200);
      const ready = await fetch(`${cut.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { status: string; checks: Record<string, { status: string; reason?: string }> };
      expect(body.status).toBe('not-ready');
      expect(body.checks.database.status).toBe('ok');
      expect(body.checks.redis).toMatchObject({ status: 'failed', reason: expect.stringContaining('Redis') });
    } finally {
      await cut.stop();
    }
  });

  it('readiness names a migration that is not applied', async () => {
    const [last] = await withSchema(env, (q) => q('SELECT id, timestamp, name FROM migrations ORDER BY id DESC LIMIT 1'));
    await withSchema(env, (q) => q('DELETE FROM migrations WHERE id = $1', [last.id]));
    try {
      const ready = await get('/api/health/ready');
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { checks: { migrations: { status: string; reason: string } } };
      expect(body.checks.migrations.status).toBe('failed');
      expect(body.checks.migrations.reason).toContain(String(last.name));
      // Liveness does not care.
      expect((await get('/api/health/live')).status).toBe(200);
    } finally {
      await withSchema(env, (q) => q('INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [last.id, last.timestamp, last.name]));
    }
    expect((await get('/api/health/ready')).status).toBe(200);
  });
});
