import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cleanup, cpuSeconds, createDatabase, deleteRedisPrefix, freePort, log, peakRssBytes, settleStore, sleep, stopChild } from './bench-env.util';
import { ApiClient, runCli, startApp, waitForHealth, waitForWorkerStarted } from './children.util';

export interface FleetPipelineOptions {
  machines: number;
  days: number;
  seed: number;
  /** DATABASE_URL of a server where the bench may create and drop databases. */
  adminDatabaseUrl: string;
  databaseName: string;
  redisUrl: string;
  queuePrefix: string;
  workDir: string;
  workerConcurrency: number;
  /** Worker processes sharing the run (each with workerConcurrency). */
  workers: number;
  /** Time the same evaluation once more on the same worker (its code compiled and warm). */
  warmRun?: boolean;
}

export interface FleetPipelineResult {
  machines: number;
  days: number;
  databaseUrl: string;
  dataDir: string;
  pilotAssetId: string;
  /** machines × days × 1440 × signals, the nominal size of the simulated fleet. */
  nominalSamples: number;
  simulate: { seconds: number; commandSeconds: number; samplesStored: number; samplesPerSecond: number };
  train: { seconds: number; rows: number };
  model: { versionId: string; sha256: string; dir: string };
  evaluation: {
    runId: string;
    seconds: number;
    status: string;
    total: number;
    done: number;
    failed: number;
    from: string;
    to: string;
    reportBytes: number;
    verdicts: Record<string, number>;
    /** CPU seconds the worker and the api used between the request and the stored report. */
    workerCpuSeconds: number | null;
    apiCpuSeconds: number | null;
    /** The same request again right after, on the same (now warm) worker; null unless `warmRun`. */
    warm: { seconds: number; workerCpuSeconds: number | null } | null;
  };
  worker: { peakRssBytes: number | null; concurrency: number; processes: number };
  /** The environment the children ran with, for the in-process steps on the same data. */
  env: NodeJS.ProcessEnv;
}

interface RunView {
  id: string;
  status: string;
  from: string;
  to: string;
  progress: { total: number; done: number; failed: number };
}

const SIGNALS = 8;
const FINISHED = ['completed', 'partial', 'failed', 'cancelled'];

/**
 * Steps 1, 3 and 5 on one fresh database: simulate + store through the CLI, train the pilot
 * model, start the api and one worker, register, and time one fleet evaluation from the
 * request to the stored report; the worker's peak RSS is read just before it is stopped.
 */
export async function runFleetPipeline(o: FleetPipelineOptions, cleanup: Cleanup): Promise<FleetPipelineResult> {
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
    LOG_LEVEL: 'warn',
  };
  delete env.FLEETGATE_URL;
  delete env.FLEETGATE_TOKEN;
  cleanup.add(`delete Redis keys ${o.queuePrefix}:*`, () => deleteRedisPrefix(o.redisUrl, o.queuePrefix).then(() => undefined));

  log(`${o.databaseName}: migrate`);
  await runCli(['migrate'], env, cleanup);
  const user = await runCli<{ token: string }>(['users', 'create', '--name', 'bench-ml', '--role', 'ml-engineer'], env, cleanup);

  log(`${o.databaseName}: simulate ${o.machines} machines × ${o.days} days × 1 min × ${SIGNALS} signals`);
  const truthFile = path.join(dataDir, 'truth.json');
  const sim = await runCli<{ rowsRead: number; samplesWritten: number; seconds: number }>(
    ['simulate', '--machines', String(o.machines), '--days', String(o.days), '--seed', String(o.seed), '--truth', truthFile],
    env,
    cleanup,
  );
  const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as { pilotAssetId: string };
  log(`simulate: ${sim.seconds.toFixed(1)} s, ${sim.json.samplesWritten.toLocaleString('en')} samples stored`);

  log(`${o.databaseName}: train the pilot model on ${truth.pilotAssetId}`);
  const modelDir = path.join(dataDir, 'pump-anomaly');
  const train = await runCli<{ rows: number }>(
    ['train', '--machine', truth.pilotAssetId, '--lookback', `${o.days}d`, '--task', 'anomaly-score', '--out', modelDir, '--name', 'pump-anomaly'],
    env,
    cleanup,
  );

  // As the plot's measurement (step 11): the evaluation reads a store whose bulk write has reached
  // the disk, not one whose write-back still competes with it for the two cores.
  const settled = await settleStore(o.adminDatabaseUrl);
  log(`store settled (CHECKPOINT, sync): ${settled === null ? 'refused, measuring without' : `${settled.toFixed(1)} s`}`);

  const logFile = path.join(dataDir, 'services.log');
  const api = startApp('api', env, logFile, cleanup);
  // At level `log` a worker says when it has started (and nothing per job).
  const workers = Array.from({ length: o.workers }, () => startApp('worker', { ...env, LOG_LEVEL: 'log' }, logFile, cleanup));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, api, logFile);
  for (const w of workers) await waitForWorkerStarted(logFile, w);
  const client = new ApiClient(url, user.json.token);
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'fleetgate.model.json'), 'utf8')) as unknown;
  const onnx = fs.readFileSync(path.join(modelDir, 'model.onnx'));
  const version = await client.call<{ id: string; sha256: string }>('POST', '/models/register', { manifest, onnxBase64: onnx.toString('base64') });

  log(`${o.databaseName}: evaluate ${o.machines} machines (api + ${o.workers} worker(s), concurrency ${o.workerConcurrency} each)`);
  const cpu0 = { workers: workers.map((w) => cpuSeconds(w.pid!)), api: cpuSeconds(api.pid!) };
  const exited = () => workers.find((w) => w.exitCode !== null)?.exitCode ?? null;
  const evaluation = await timeEvaluation(client, version.id, o.days, o.machines, exited);
  const since = (pid: number, before: number | null) => (before === null ? null : (cpuSeconds(pid) ?? NaN) - before);
  // CPU summed over the workers; peak RSS is the largest single worker's.
  evaluation.workerCpuSeconds = workers.reduce<number | null>((sum, w, i) => {
    const used = since(w.pid!, cpu0.workers[i]);
    return sum === null || used === null ? null : sum + used;
  }, 0);
  evaluation.apiCpuSeconds = since(api.pid!, cpu0.api);
  if (o.warmRun) {
    // As in a worker that has been running a while: the first run after a start also pays for compiling its code.
    log(`${o.databaseName}: the same evaluation again on the same worker`);
    const before = workers.map((w) => cpuSeconds(w.pid!));
    const again = await timeEvaluation(client, version.id, o.days, o.machines, exited);
    const used = workers.map((w, i) => since(w.pid!, before[i]));
    evaluation.warm = { seconds: again.seconds, workerCpuSeconds: used.some((u) => u === null) ? null : (used as number[]).reduce((a, b) => a + b, 0) };
    log(`evaluation, warm worker: ${again.seconds.toFixed(1)} s`);
  }
  const peaks = workers.map((w) => peakRssBytes(w.pid!));
  const peak = peaks.some((p) => p === null) ? null : Math.max(...(peaks as number[]));
  for (const w of workers) await stopChild(w);
  await stopChild(api);
  log(
    `evaluation: ${evaluation.seconds.toFixed(1)} s, ${evaluation.status}, worker CPU ${evaluation.workerCpuSeconds?.toFixed(1) ?? '?'} s, peak RSS ${peak ? (peak / 2 ** 20).toFixed(0) : '?'} MiB`,
  );

  return {
    machines: o.machines,
    days: o.days,
    databaseUrl,
    dataDir,
    pilotAssetId: truth.pilotAssetId,
    nominalSamples: o.machines * o.days * 1440 * SIGNALS,
    simulate: {
      seconds: sim.seconds,
      commandSeconds: sim.json.seconds,
      samplesStored: sim.json.samplesWritten,
      samplesPerSecond: sim.json.samplesWritten / sim.seconds,
    },
    train: { seconds: train.seconds, rows: train.json.rows },
    model: { versionId: version.id, sha256: version.sha256, dir: modelDir },
    evaluation,
    worker: { peakRssBytes: peak, concurrency: o.workerConcurrency, processes: o.workers },
    env,
  };
}

async function timeEvaluation(
  client: ApiClient,
  versionId: string,
  days: number,
  machines: number,
  workerExit: () => number | null,
): Promise<FleetPipelineResult['evaluation']> {
  const deadline = Date.now() + Math.max(15 * 60_000, machines * 3_000);
  const started = process.hrtime.bigint();
  const run = await client.call<RunView>('POST', '/evaluations', { modelVersionId: versionId, lookback: `${days}d` });
  let view = run;
  let lastDone = -1;
  while (!FINISHED.includes(view.status)) {
    if (Date.now() > deadline)
      throw new Error(`evaluation ${run.id} still ${view.status} after the deadline (${view.progress.done}/${view.progress.total} done)`);
    if (workerExit() !== null) throw new Error(`the worker exited with ${workerExit()} during the evaluation`);
    await sleep(200);
    view = await client.call<RunView>('GET', `/evaluations/${run.id}`);
    if (view.progress.done !== lastDone && view.progress.done % 50 === 0) {
      lastDone = view.progress.done;
      log(`  ${view.progress.done}/${view.progress.total} machines, ${view.progress.failed} failed`);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (view.status !== 'completed' && view.status !== 'partial') throw new Error(`evaluation ${run.id} ended ${view.status}`);
  const report = await fetchReport(client, run.id);
  return {
    runId: run.id,
    seconds,
    status: view.status,
    total: view.progress.total,
    done: view.progress.done,
    failed: view.progress.failed,
    from: view.from,
    to: view.to,
    reportBytes: report.bytes,
    verdicts: report.verdicts,
    workerCpuSeconds: null,
    apiCpuSeconds: null,
    warm: null,
  };
}

async function fetchReport(client: ApiClient, runId: string): Promise<{ bytes: number; verdicts: Record<string, number> }> {
  const report = await client.call<Record<string, unknown>>('GET', `/evaluations/${runId}/report`);
  const bytes = Buffer.byteLength(JSON.stringify(report));
  // Verdict counts as a sanity check that the report covers the fleet; the shape is the report's own.
  const verdicts: Record<string, number> = {};
  const found = findVerdictCounts(report);
  if (found) Object.assign(verdicts, found);
  return { bytes, verdicts };
}

function findVerdictCounts(value: unknown, depth = 0): Record<string, number> | null {
  if (!value || typeof value !== 'object' || depth > 3) return null;
  const obj = value as Record<string, unknown>;
  const keys = ['generalizes', 'degraded', 'out-of-domain', 'insufficient-data'];
  if (keys.some((k) => typeof obj[k] === 'number'))
    return Object.fromEntries(Object.entries(obj).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  for (const v of Object.values(obj)) {
    const found = Array.isArray(v) ? null : findVerdictCounts(v, depth + 1);
    if (found) return found;
  }
  return null;
}
