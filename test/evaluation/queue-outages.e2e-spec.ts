import * as fs from 'node:fs';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { testDatabaseUrl } from '../setup/test-env';
import { allMachineResults, call, comparableReport, MachineResultView, ok, registerModel, RunView } from './evaluation-api.util';
import { PrivateRedis, TcpProxy } from './outage.util';
import { childEnv, sleep, WorkerProcess } from './processes.util';
import { simulateAndTrain, withSchema } from './sim-fleet.util';

/**
 * Runs that always finish: the database is the source of truth for a run and Redis a cache of
 * its work. The api (in process) and one worker process use a private Redis the test crashes
 * and restarts (no persistence: everything queued is lost), and reach PostgreSQL through a TCP
 * proxy the test cuts. Each fault must end in the verdicts of the undisturbed run.
 */
const MACHINES = 10;
const DAYS = 20;
const SEED = 23;
const LOOKBACK = `${DAYS}d`;
// A fast reconciler and stall check so recovery takes seconds, and one job at a time so a fault lands mid-run.
const FAST = {
  FLEETGATE_RECONCILE_INTERVAL_MS: '1000',
  FLEETGATE_RECONCILE_GRACE_MS: '1000',
  FLEETGATE_LOCK_DURATION_MS: '3000',
  FLEETGATE_STALLED_INTERVAL_MS: '1000',
};
const FINISHED = ['completed', 'partial', 'failed', 'cancelled'];

jest.setTimeout(600_000);

describe('runs survive Redis and PostgreSQL outages (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let redis: PrivateRedis;
  let pg: TcpProxy;
  let procEnv: NodeJS.ProcessEnv;
  let version: { id: string };
  let worker: WorkerProcess;
  let baseline: MachineResultView[];
  let baselineReport: string;

  const rel = () => api.tokens.rel;
  const post = (headers: Record<string, string> = {}) =>
    fetch(`${api.url}/api/evaluations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rel()}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ modelVersionId: version.id, lookback: LOOKBACK }),
      // "Not a hang": a request that has not answered in 30 s fails the test.
      signal: AbortSignal.timeout(30_000),
    });
  /** Polls until the run has finished; tolerates the api answering 5xx while the database is away. */
  const finished = async (id: string, timeoutMs = 240_000): Promise<RunView> => {
    const until = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const res = await call<RunView>(api.url, rel(), 'GET', `/evaluations/${id}`).catch((e: Error) => ({ status: 0, body: null, text: e.message }));
      if (res.status === 200 && res.body && FINISHED.includes(res.body.status)) return res.body;
      last = res.text;
      if (Date.now() > until) throw new Error(`run ${id} has not finished: ${last.slice(0, 500)}`);
      await sleep(200);
    }
  };
  const verdicts = (rows: MachineResultView[]) => rows.map((m) => [m.assetId, m.status, m.verdict]);
  const report = async (id: string) => (await call<unknown>(api.url, rel(), 'GET', `/evaluations/${id}/report`)).text;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const pgUrl = new URL(testDatabaseUrl());
    pg = await TcpProxy.start({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    pgUrl.host = `127.0.0.1:${pg.port}`;
    env = { ...isolatedEnv(), REDIS_URL: redis.url, DATABASE_URL: pgUrl.toString() };
    Object.assign(process.env, FAST);
    api = await startApi({ env });
    procEnv = childEnv(env, FAST);
    const fleet = await simulateAndTrain(env, procEnv, { machines: MACHINES, days: DAYS, seed: SEED });
    version = await registerModel(api.url, api.tokens.mle, fleet.modelDir);
    worker = new WorkerProcess({ ...procEnv, WORKER_CONCURRENCY: '1' });
    await worker.waitUntilStarted();
    const res = await post();
    expect(res.status).toBe(202);
    const run = (await res.json()) as RunView;
    expect((await finished(run.id)).status).toBe('completed');
    baseline = await allMachineResults(api.url, rel(), run.id);
    baselineReport = await report(run.id);
    expect(baseline).toHaveLength(MACHINES);
  }, 900_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await redis?.crash();
    await pg?.cut();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('finishes a run whose queued jobs a Redis restart without persistence lost, every machine once, same verdicts', async () => {
    const res = await post();
    expect(res.status).toBe(202);
    const run = (await res.json()) as RunView;
    let at: RunView['progress'] | null = null;
    const until = Date.now() + 120_000;
    while (!at) {
      const now = await ok<RunView>(api.url, rel(), 'GET', `/evaluations/${run.id}`);
      if (now.progress.done >= 1) {
        await redis.crash();
        at = (await ok<RunView>(api.url, rel(), 'GET', `/evaluations/${run.id}`)).progress;
      } else if (Date.now() > until) throw new Error('no machine was evaluated');
      else await sleep(20);
    }
    expect(at.done).toBeLessThan(MACHINES);
    await sleep(2000);
    await redis.up();

    const done = await finished(run.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toEqual({ total: MACHINES, done: MACHINES, failed: 0 });
    const results = await allMachineResults(api.url, rel(), run.id);
    expect(new Set(results.map((m) => m.machineId)).size).toBe(MACHINES);
    expect(verdicts(results)).toEqual(verdicts(baseline));
    expect(comparableReport(await report(run.id))).toEqual(comparableReport(baselineReport));
  });

  it('answers 503 (not a hang) when Redis is down at POST, gives a retry with the same Idempotency-Key the same run, and finishes it once Redis is back', async () => {
    await redis.crash();
    const key = 'start-during-redis-outage';
    const first = await post({ 'idempotency-key': key });
    expect(first.status).toBe(503);
    const body = (await first.json()) as { message: string };
    const runId = /run ([0-9a-f-]{36})/.exec(body.message)?.[1];
    expect(runId).toBeDefined();
    expect(body.message).toMatch(/could not be enqueued/);

    const retry = await post({ 'idempotency-key': key });
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as RunView).id).toBe(runId);

    // Reported, not hidden: the health body names the run and why it does not move.
    const health = await call<{ stalledRuns: Array<{ runId: string; note: string }> }>(api.url, rel(), 'GET', '/health');
    expect(health.body.stalledRuns.find((r) => r.runId === runId)?.note).toMatch(/^stalled: 10 machines pending/);

    await redis.up();
    const done = await finished(runId!);
    expect(done.status).toBe('completed');
    expect(verdicts(await allMachineResults(api.url, rel(), runId!))).toEqual(verdicts(baseline));
    const runs = await withSchema(env, (q) => q('SELECT id FROM evaluation_runs WHERE idempotency_key = $1', [key]));
    expect(runs).toEqual([{ id: runId }]);
  });

  it('starts one run for two concurrent requests with the same Idempotency-Key', async () => {
    const key = 'same-key-twice';
    const [a, b] = await Promise.all([post({ 'idempotency-key': key }), post({ 'idempotency-key': key })]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const [ra, rb] = (await Promise.all([a.json(), b.json()])) as RunView[];
    expect(ra.id).toBe(rb.id);
    expect(await withSchema(env, (q) => q('SELECT count(*)::int AS n FROM evaluation_runs WHERE idempotency_key = $1', [key]))).toEqual([{ n: 1 }]);
    expect((await finished(ra.id)).status).toBe('completed');
  });

  it('refuses a malformed Idempotency-Key, naming the header', async () => {
    const res = await post({ 'idempotency-key': 'has spaces in it' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/Idempotency-Key/);
  });

  it('finishes a run with the undisturbed verdicts when PostgreSQL is unreachable for 15 s mid-run', async () => {
    const res = await post();
    expect(res.status).toBe(202);
    const run = (await res.json()) as RunView;
    const until = Date.now() + 120_000;
    for (;;) {
      const now = await ok<RunView>(api.url, rel(), 'GET', `/evaluations/${run.id}`);
      if (now.progress.done >= 1) break;
      if (Date.now() > until) throw new Error('no machine was evaluated');
      await sleep(20);
    }
    await pg.cut();
    await sleep(15_000);
    await pg.restore();

    const done = await finished(run.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toEqual({ total: MACHINES, done: MACHINES, failed: 0 });
    const results = await allMachineResults(api.url, rel(), run.id);
    expect(verdicts(results)).toEqual(verdicts(baseline));
    // The outage cost no machine an attempt.
    expect(results.every((m) => m.attempts === 1)).toBe(true);
  });

  it('says a killed worker’s job is waiting for its lock, and finishes once a worker is back', async () => {
    const WAITING = /^waiting: 1 active jobs whose worker stopped renewing its lock/;
    const noteOf = async (id: string) => (await ok<RunView & { note: string | null }>(api.url, rel(), 'GET', `/evaluations/${id}`)).note;
    // Freeze the worker (SIGSTOP: it stops renewing its lock) until it is caught in the middle of a job —
    // a kill between two jobs leaves nothing waiting — then kill it. A run that finishes while the
    // worker runs between attempts is replaced by a new one.
    let run = (await (await post()).json()) as RunView;
    let note: string | null = null;
    for (let attempt = 0; attempt < 30 && !WAITING.test(note ?? ''); attempt++) {
      if ((await ok<RunView>(api.url, rel(), 'GET', `/evaluations/${run.id}`)).status === 'completed') run = (await (await post()).json()) as RunView;
      process.kill(worker.pid, 'SIGSTOP');
      const until = Date.now() + 3 * 3000; // three lock durations
      while (Date.now() < until && !WAITING.test(note ?? '')) {
        await sleep(200);
        note = await noteOf(run.id);
      }
      if (!WAITING.test(note ?? '')) {
        process.kill(worker.pid, 'SIGCONT');
        await sleep(100 + 37 * attempt);
      }
    }
    expect(note).toMatch(WAITING);
    await worker.kill('SIGKILL');
    worker = new WorkerProcess({ ...procEnv, WORKER_CONCURRENCY: '1' });
    await worker.waitUntilStarted();
    const done = await finished(run.id);
    expect(done.status).toBe('completed');
    expect(verdicts(await allMachineResults(api.url, rel(), run.id))).toEqual(verdicts(baseline));
  });

  it('counts every machine without a result as failed once a run has finished', async () => {
    // A finished run with a row left pending (what a lost job used to leave behind), planted in the database.
    const [{ id }] = (await withSchema(env, (q) => q(`SELECT id FROM evaluation_runs WHERE idempotency_key = 'same-key-twice'`))) as Array<{ id: string }>;
    await withSchema(env, (q) =>
      q(
        `UPDATE machine_evaluations SET status = 'pending' WHERE run_id = $1 AND asset_id = (SELECT min(asset_id) FROM machine_evaluations WHERE run_id = $1)`,
        [id],
      ),
    );
    const run = await ok<RunView>(api.url, rel(), 'GET', `/evaluations/${id}`);
    expect(run.progress).toEqual({ total: MACHINES, done: MACHINES - 1, failed: 1 });
  });
});
