import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { JobName, redisOptions, SCORING_QUEUE } from '@fleetgate/queue';
import { Cleanup, cpuSeconds, createDatabase, deleteRedisPrefix, freePort, log, sleep, stopChild } from './bench-env.util';
import { ApiClient, runCli, startApp, waitForHealth } from './children.util';
import { status, TableRow, Target } from './report.util';

export interface ScoringBenchOptions {
  machines: number;
  days: number;
  seed: number;
  adminDatabaseUrl: string;
  databaseName: string;
  redisUrl: string;
  queuePrefix: string;
  workDir: string;
  workerConcurrency: number;
  /** Requests per second autocannon holds against `GET /api/fleet/health`, and for how long. */
  rate: number;
  durationSeconds: number;
}

export interface ScoringResult {
  machines: number;
  deployed: number;
  round: {
    /** `POST /api/scoring/rounds` → the round and every score-machine job it fanned out done. */
    seconds: number;
    workerCpuSeconds: number | null;
    jobs: number;
    scoresWritten: number;
    /** Data each machine had past its last scored window (the evidence period's end). */
    newDataMs: number;
  };
  health: {
    machines: number;
    rate: number;
    seconds: number;
    requests: number;
    non2xx: number;
    errors: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    apiCpuSeconds: number | null;
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FINISHED = ['completed', 'partial', 'failed', 'cancelled'];

/**
 * Step 10: production scoring. A fresh fleet is simulated, the pilot trained and evaluated up
 * to one hour before the end of the data, and promoted to the whole fleet (failing rules
 * waived); then one scoring round is timed — every machine scores its last hour — with the
 * worker's CPU over the same span. Last, `GET /api/fleet/health` for the whole fleet is held at
 * a fixed rate by autocannon in a second process (a warm-up first), and its latency percentiles
 * are read (corrected for coordinated omission, autocannon's default at a fixed rate).
 */
export async function runScoringBench(o: ScoringBenchOptions, cleanup: Cleanup): Promise<ScoringResult> {
  const databaseUrl = await createDatabase(o.adminDatabaseUrl, o.databaseName, cleanup);
  const dataDir = path.join(o.workDir, o.databaseName);
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: 'public',
    FLEETGATE_DATA_DIR: dataDir,
    REDIS_URL: o.redisUrl,
    FLEETGATE_QUEUE_PREFIX: o.queuePrefix,
    PORT: String(port),
    WORKER_CONCURRENCY: String(o.workerConcurrency),
    // Rounds are started by the bench; the scheduled one waits a day.
    FLEETGATE_SCORING_INTERVAL: '24h',
    LOG_LEVEL: 'warn',
  };
  delete env.FLEETGATE_URL;
  delete env.FLEETGATE_TOKEN;
  cleanup.add(`delete Redis keys ${o.queuePrefix}:*`, () => deleteRedisPrefix(o.redisUrl, o.queuePrefix).then(() => undefined));

  log(`${o.databaseName}: migrate, simulate ${o.machines} machines × ${o.days} days, train the pilot`);
  await runCli(['migrate'], env, cleanup);
  const token = async (name: string, role: string) =>
    (await runCli<{ token: string }>(['users', 'create', '--name', name, '--role', role], env, cleanup)).json.token;
  const ml = await token('bench-ml', 'ml-engineer');
  const rel = await token('bench-rel', 'reliability-engineer');
  const truthFile = path.join(dataDir, 'truth.json');
  await runCli(['simulate', '--machines', String(o.machines), '--days', String(o.days), '--seed', String(o.seed), '--truth', truthFile], env, cleanup);
  const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as { pilotAssetId: string; start: string; end: string };
  const modelDir = path.join(dataDir, 'pump-anomaly');
  await runCli(
    ['train', '--machine', truth.pilotAssetId, '--lookback', `${o.days}d`, '--task', 'anomaly-score', '--out', modelDir, '--name', 'pump-anomaly'],
    env,
    cleanup,
  );

  const logFile = path.join(dataDir, 'services.log');
  const api = startApp('api', env, logFile, cleanup);
  const worker = startApp('worker', env, logFile, cleanup);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, api, logFile);
  const asMl = new ApiClient(url, ml);
  const asRel = new ApiClient(url, rel);
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'fleetgate.model.json'), 'utf8')) as unknown;
  const onnx = fs.readFileSync(path.join(modelDir, 'model.onnx'));
  const version = await asMl.call<{ id: string }>('POST', '/models/register', { manifest, onnxBase64: onnx.toString('base64') });

  // The evidence ends an hour before the data do: that hour is what the first round scores.
  const endMs = Date.parse(truth.end);
  const evidenceTo = endMs - HOUR;
  log(`${o.databaseName}: evaluate (evidence to ${new Date(evidenceTo).toISOString()}), promote to the whole fleet`);
  const run = await asRel.call<{ id: string }>('POST', '/evaluations', {
    modelVersionId: version.id,
    from: new Date(Math.max(Date.parse(truth.start), evidenceTo - o.days * DAY)).toISOString(),
    to: new Date(evidenceTo).toISOString(),
  });
  for (let view = { status: 'queued' }; !FINISHED.includes(view.status);) {
    if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode} during the evaluation`);
    await sleep(500);
    view = await asRel.call<{ status: string }>('GET', `/evaluations/${run.id}`);
  }
  const request = await asMl.call<{ id: string; blocking: string[]; scope: { machines: number } }>('POST', '/promotions', {
    modelVersionId: version.id,
    targetStage: 'production',
    scope: 'fleet',
    evidenceRunId: run.id,
    justification: 'benchmark: every machine scored',
  });
  const waivers = request.blocking.map((ruleId) => ({ ruleId, justification: 'benchmark fleet' }));
  await asRel.call('POST', `/promotions/${request.id}/approve`, { waivers, owner: 'bench-rel' });

  const queue = new Queue(SCORING_QUEUE, { connection: redisOptions(o.redisUrl), prefix: o.queuePrefix });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const scoresBefore = await countScores(db);
    const jobsBefore = await scoreJobsDone(queue);
    log(`scoring round: ${request.scope.machines} deployed machines × 1 h of new data`);
    const cpu0 = cpuSeconds(worker.pid!);
    const started = process.hrtime.bigint();
    const { jobId } = await asRel.call<{ jobId: string }>('POST', '/scoring/rounds');
    await waitForRound(queue, jobId, () => worker.exitCode);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu1 = cpuSeconds(worker.pid!);
    const jobs = (await scoreJobsDone(queue)) - jobsBefore;
    const scoresWritten = (await countScores(db)) - scoresBefore;
    log(
      `scoring round: ${seconds.toFixed(2)} s, ${jobs} jobs, ${scoresWritten} scores, worker CPU ${cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0).toFixed(2) : '?'} s`,
    );

    const fleetHealth = await asRel.call<{ machines: unknown[] }>('GET', '/fleet/health');
    log(`GET /api/fleet/health (${fleetHealth.machines.length} machines): autocannon at ${o.rate} req/s, 3 s warm-up + ${o.durationSeconds} s`);
    await autocannon(`${url}/api/fleet/health`, rel, o.rate, 3, cleanup);
    const apiCpu0 = cpuSeconds(api.pid!);
    const load = await autocannon(`${url}/api/fleet/health`, rel, o.rate, o.durationSeconds, cleanup);
    const apiCpu1 = cpuSeconds(api.pid!);
    log(`fleet health: p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, ${load.requests.total} requests, ${load.non2xx} non-2xx`);
    return {
      machines: o.machines,
      deployed: request.scope.machines,
      round: { seconds, workerCpuSeconds: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null, jobs, scoresWritten, newDataMs: HOUR },
      health: {
        machines: fleetHealth.machines.length,
        rate: o.rate,
        seconds: o.durationSeconds,
        requests: load.requests.total,
        non2xx: load.non2xx,
        errors: load.errors + load.timeouts,
        p50Ms: load.latency.p50,
        p99Ms: load.latency.p99,
        maxMs: load.latency.max,
        apiCpuSeconds: apiCpu0 !== null && apiCpu1 !== null ? apiCpu1 - apiCpu0 : null,
      },
    };
  } finally {
    await db.end();
    await queue.close();
    await stopChild(worker);
    await stopChild(api);
  }
}

async function countScores(db: Client): Promise<number> {
  return Number((await db.query<{ n: string }>('SELECT COUNT(*) AS n FROM machine_scores')).rows[0].n);
}

async function scoreJobsDone(queue: Queue): Promise<number> {
  return (await queue.getJobs(['completed', 'failed'])).filter((j) => j.name === JobName.ScoreMachine).length;
}

/** Until the round job is done and no score-machine job is waiting, running or retrying. */
async function waitForRound(queue: Queue, roundJobId: string, workerExit: () => number | null): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`scoring round ${roundJobId} not done after 10 minutes`);
    if (workerExit() !== null) throw new Error(`the worker exited with ${workerExit()} during the scoring round`);
    const job = await queue.getJob(roundJobId);
    if (job && (await job.isFailed())) throw new Error(`scoring round failed: ${job.failedReason}`);
    if (job && (await job.isCompleted())) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      const retrying = (await queue.getJobs(['delayed'])).filter((j) => j.name !== JobName.ScoreRound);
      if (retrying.length === 0 && Object.values(counts).every((n) => n === 0)) return;
    }
    await sleep(50);
  }
}

export interface AutocannonResult {
  latency: { p50: number; p99: number; max: number };
  requests: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** autocannon as a second process (its own event loop and cores), fixed overall rate, JSON out. */
export function autocannon(url: string, token: string, rate: number, seconds: number, cleanup: Cleanup, connections = 10): Promise<AutocannonResult> {
  const bin = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js');
  const args = [bin, '-j', '-n', '-c', String(connections), '-R', String(rate), '-d', String(seconds), '-H', `authorization=Bearer ${token}`, url];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.add(`stop autocannon (pid ${child.pid})`, () => stopChild(child, 2000));
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.slice(-500)}`));
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch {
        reject(new Error(`autocannon printed no JSON: ${out.slice(0, 300)} ${err.slice(-300)}`));
      }
    });
  });
}

export function scoringRows(r: ScoringResult): TableRow[] {
  return [
    { figure: `scoring round, ${r.deployed} deployed machines × 1 h of new data (request → every job done)`, unit: 's', fleetgate: r.round.seconds },
    {
      figure: '  worker CPU time during it',
      unit: 's',
      fleetgate: r.round.workerCpuSeconds,
      ratio: `${r.round.jobs} jobs, ${r.round.scoresWritten} scores stored`,
    },
    {
      figure: `GET /api/fleet/health, ${r.health.machines} machines, ${r.health.rate} req/s for ${r.health.seconds} s (autocannon, 2nd process): p99`,
      unit: 'ms',
      fleetgate: r.health.p99Ms,
      ratio: `p50 ${r.health.p50Ms} ms, max ${r.health.maxMs} ms; ${(r.health.requests / r.health.seconds).toFixed(0)} req/s answered, ${r.health.non2xx + r.health.errors} not 2xx`,
    },
    { figure: '  api CPU time during it', unit: 's', fleetgate: r.health.apiCpuSeconds },
  ];
}

export function scoringTargets(r: ScoringResult | null, reason = 'skipped'): Target[] {
  return [
    {
      target: `scoring round for 400 machines × 1 h of new data ≤ 5 s${r && r.deployed !== 400 ? ` (this run: ${r.deployed})` : ''}`,
      value: r ? `${r.round.seconds.toFixed(2)} s (worker CPU ${r.round.workerCpuSeconds?.toFixed(2) ?? '?'} s)` : reason,
      status: status(r !== null, r !== null && r.round.seconds <= 5),
    },
    {
      target: `GET /api/fleet/health for 400 machines at 200 req/s: p99 ≤ 50 ms${r && (r.health.machines !== 400 || r.health.rate !== 200) ? ` (this run: ${r.health.machines} at ${r.health.rate} req/s)` : ''}`,
      value: r ? `${r.health.p99Ms} ms (${r.health.non2xx + r.health.errors} of ${r.health.requests} not 2xx)` : reason,
      status: status(r !== null, r !== null && r.health.p99Ms <= 50 && r.health.non2xx + r.health.errors === 0),
    },
  ];
}
