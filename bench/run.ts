import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Cleanup, ensureRedis, log, makeTempDir, REPO_ROOT } from './bench-env.util';
import { openContext } from './bench.module';
import { FleetPipelineResult, runFleetPipeline } from './fleet-pipeline.bench';
import { IngestOutcome, LIVE_RATE_SAMPLES_PER_S, runIngestBench } from './ingest.bench';
import { benchKernel, benchRead, KernelResult, loadRegisteredModel, LoadedModel, ReadResult } from './kernel.bench';
import { NotebookOutcome, runNotebook } from './notebook.bench';
import { consoleRows, consoleTargets, runConsoleBench } from './console.bench';
import { benchOnnxThroughput, OnnxThroughput } from './onnx-throughput.bench';
import { runScoringBench, ScoringResult, scoringRows, scoringTargets } from './scoring.bench';
import { RollupsResult, rollupsRows, rollupsTargets, runRollupsBench } from './rollups.bench';
import { GROWTH_DAYS, GROWTH_FACTOR, growthRows, growthTargets, runGrowthBench } from './growth.bench';
import { renderTable, renderTargets, speedup, status, TableRow, Target } from './report.util';

const USAGE = `usage: npm run bench -- [--machines 400] [--days 90] [--seed 7] [--large] [--skip-notebook] [--skip-ingest] [--concurrency 8] [--workers 1] [--skip-scoring] [--skip-rollups] [--rollup-rounds 2] [--only scoring|rollups|growth]

Measures fleetgate on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres:
a fresh database per fleet size is created and dropped) and Redis (REDIS_URL; keys under the
bench's own prefix are deleted). --large also runs a fleet four times the size. Writes
bench/results.json and prints the table. --only scoring runs step 10 alone (its own fleet of
--machines × min(--days, 14) days); --only rollups runs step 11 alone (--rollup-rounds rounds of
one fleet of --machines × --days stored with, without, without and with rollups at ingest); --only growth runs step 12 alone (E2E at --machines × 30
days and at ten times that fleet).`;

/** Steps that can run alone with --only. */
const ONLY = ['scoring', 'rollups', 'growth'] as const;
/** History of the scoring step's fleet: enough to train the pilot; the round scores one hour of it. */
const SCORING_MAX_DAYS = 14;

interface Options {
  machines: number;
  days: number;
  seed: number;
  large: boolean;
  skipNotebook: boolean;
  skipIngest: boolean;
  skipScoring: boolean;
  skipRollups: boolean;
  only: (typeof ONLY)[number] | null;
  concurrency: number;
  workers: number;
  rollupRounds: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      machines: { type: 'string', default: '400' },
      days: { type: 'string', default: '90' },
      seed: { type: 'string', default: '7' },
      concurrency: { type: 'string', default: '8' },
      workers: { type: 'string', default: '1' },
      'rollup-rounds': { type: 'string', default: '2' },
      large: { type: 'boolean', default: false },
      'skip-notebook': { type: 'boolean', default: false },
      'skip-ingest': { type: 'boolean', default: false },
      'skip-scoring': { type: 'boolean', default: false },
      'skip-rollups': { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (name: string, text: string, min: number): number => {
    const v = Number(text);
    if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${text}"`);
    return v;
  };
  return {
    machines: int('machines', values.machines!, 2),
    days: int('days', values.days!, 2),
    seed: int('seed', values.seed!, 0),
    concurrency: int('concurrency', values.concurrency!, 1),
    workers: int('workers', values.workers!, 1),
    rollupRounds: int('rollup-rounds', values['rollup-rounds']!, 1),
    large: values.large!,
    skipNotebook: values['skip-notebook']!,
    skipIngest: values['skip-ingest']!,
    skipScoring: values['skip-scoring']!,
    skipRollups: values['skip-rollups']!,
    only: only(values.only),
  };
}

function only(text: string | undefined): Options['only'] {
  if (text === undefined) return null;
  if (!(ONLY as readonly string[]).includes(text)) throw new Error(`--only must be one of ${ONLY.join(', ')}, got "${text}"`);
  return text as Options['only'];
}

interface SizeResult {
  pipeline: Omit<FleetPipelineResult, 'env' | 'databaseUrl' | 'dataDir'>;
  read: ReadResult;
  kernel: KernelResult | null;
  /** Live ingest over MQTT (base size only); null when --skip-ingest. */
  ingest: IngestOutcome | null;
}

async function measureSize(
  o: Options,
  machines: number,
  suffix: string,
  ts: number,
  adminUrl: string,
  redisUrl: string,
  workDir: string,
  withKernel: boolean,
  cleanup: Cleanup,
): Promise<{ size: SizeResult; model: LoadedModel }> {
  const pipeline = await runFleetPipeline(
    {
      machines,
      days: o.days,
      seed: o.seed,
      adminDatabaseUrl: adminUrl,
      databaseName: `fleetgate_bench_${ts}${suffix}`,
      redisUrl,
      queuePrefix: `fgbench${ts}${suffix}`,
      workDir,
      workerConcurrency: o.concurrency,
      workers: o.workers,
      warmRun: withKernel,
    },
    cleanup,
  );
  const app = await openContext(pipeline.env);
  try {
    const model = await loadRegisteredModel(app, pipeline.model.versionId, pipeline.model.dir);
    const fromMs = Date.parse(pipeline.evaluation.from);
    const toMs = Date.parse(pipeline.evaluation.to);
    let kernel: KernelResult | null = null;
    if (withKernel) {
      log(`raw kernel: ${machines} machines, features → inference → assessment in this process`);
      kernel = await benchKernel(app, model, fromMs, toMs);
      log(`raw kernel: ${kernel.seconds.toFixed(1)} s (reading the data first took ${kernel.loadSeconds.toFixed(1)} s, not counted)`);
    }
    // After the kernel pass, as in a worker that has been running for a while: warm code and connections.
    log(`read: ${Math.min(10, machines - 1)} machines × ${o.days} days × ${model.model.recipe.signals.length} signals`);
    const read = await benchRead(app, model.model.recipe.signals, fromMs, toMs);
    log(`read: median ${read.medianMs.toFixed(0)} ms`);
    // Last on this database: its samples follow the stored history, outside every window measured above.
    let ingest: IngestOutcome | null = null;
    if (withKernel && !o.skipIngest) {
      log(`ingest over MQTT: private Mosquitto + the ingest process, up to ${Math.min(machines, 400)} machines publishing`);
      ingest = await runIngestBench(
        { databaseUrl: pipeline.databaseUrl, env: pipeline.env, dataDir: pipeline.dataDir, machines: Math.min(machines, 400), tag: `${ts}${suffix}` },
        cleanup,
      );
      log(
        ingest.ran
          ? `ingest: ${Math.round(ingest.result.samplesPerSecond).toLocaleString('en')} samples/s (${ingest.result.messagesPerSecond.toFixed(1)} messages/s) over ${ingest.result.seconds.toFixed(1)} s`
          : `ingest skipped: ${ingest.reason}`,
      );
    }
    const { env: _env, databaseUrl: _db, dataDir: _dir, ...rest } = pipeline;
    return { size: { pipeline: rest, read, kernel, ingest }, model };
  } finally {
    await app.close();
  }
}

function buildTable(o: Options, base: SizeResult, large: SizeResult | null, onnx: OnnxThroughput[], nb: NotebookOutcome | null): TableRow[] {
  const n = o.machines;
  const p = base.pipeline;
  const k = base.kernel!;
  const book = nb?.ran ? nb.result : null;
  const rows: TableRow[] = [
    {
      figure: `simulate + store ${n} × ${o.days} d × 1 min × 8 signals (${(p.nominalSamples / 1e6).toFixed(1)} M samples)`,
      unit: 's',
      fleetgate: p.simulate.seconds,
    },
    { figure: '  store rate', unit: 'samples/s', fleetgate: p.simulate.samplesPerSecond },
    { figure: `read 1 machine × ${o.days} d × 8 signals (median of ${base.read.machinesRead})`, unit: 'ms', fleetgate: base.read.medianMs },
    { figure: '  read + events per machine, mean over the kernel pass', unit: 'ms', fleetgate: (1000 * k.loadSeconds) / k.machines },
    { figure: `train pilot model (CLI, ${p.train.rows} windows)`, unit: 's', fleetgate: p.train.seconds },
    {
      figure: `E2E evaluation, ${n} machines (request → stored report; ${o.workers} worker${o.workers > 1 ? 's' : ''})`,
      unit: 's',
      fleetgate: p.evaluation.seconds,
      notebook: book?.total_s_excluding_datagen ?? null,
      ratio: speedup(book?.total_s_excluding_datagen, p.evaluation.seconds),
    },
    { figure: '  worker CPU time during it (all workers)', unit: 's', fleetgate: p.evaluation.workerCpuSeconds },
    { figure: '  api CPU time during it', unit: 's', fleetgate: p.evaluation.apiCpuSeconds },
    ...(p.evaluation.warm
      ? [
          { figure: '  the same request again on the same worker (warm code)', unit: 's', fleetgate: p.evaluation.warm.seconds },
          { figure: '    worker CPU time during it', unit: 's', fleetgate: p.evaluation.warm.workerCpuSeconds },
        ]
      : []),
    {
      figure: `raw kernel, ${n} machines (in memory, one process; ${k.machinesFromRollups} read from rollups)`,
      unit: 's',
      fleetgate: k.seconds,
      notebook: book?.total_s_excluding_datagen ?? null,
      ratio: speedup(book?.total_s_excluding_datagen, k.seconds),
    },
    { figure: '  features', unit: 's', fleetgate: k.featuresSeconds, notebook: book?.features_s ?? null, ratio: speedup(book?.features_s, k.featuresSeconds) },
    {
      figure: '  inference',
      unit: 's',
      fleetgate: k.inferenceSeconds,
      notebook: book?.inference_s ?? null,
      ratio: speedup(book?.inference_s, k.inferenceSeconds),
    },
    { figure: '  drift + assessment', unit: 's', fleetgate: k.assessSeconds, notebook: book?.drift_s ?? null, ratio: speedup(book?.drift_s, k.assessSeconds) },
    { figure: 'E2E / raw kernel', unit: '×', fleetgate: p.evaluation.seconds / k.seconds },
    { figure: `worker peak RSS at ${n} (VmHWM, concurrency ${o.concurrency})`, unit: 'MiB', fleetgate: mib(p.worker.peakRssBytes) },
    ...onnx.map((t) => ({ figure: `onnxruntime, pilot model, batch ${t.batchSize.toLocaleString('en')}`, unit: 'rows/s', fleetgate: t.rowsPerSecond })),
    ...ingestRows(base.ingest),
  ];
  if (large) {
    const q = large.pipeline;
    const m = q.machines;
    rows.push(
      {
        figure: `simulate + store ${m} × ${o.days} d (${(q.nominalSamples / 1e6).toFixed(1)} M samples)`,
        unit: 's',
        fleetgate: q.simulate.seconds,
        ratio: `${(q.simulate.seconds / p.simulate.seconds).toFixed(2)}× of ${n}`,
      },
      { figure: `read 1 machine at ${m} (median of ${large.read.machinesRead})`, unit: 'ms', fleetgate: large.read.medianMs },
      {
        figure: `E2E evaluation, ${m} machines`,
        unit: 's',
        fleetgate: q.evaluation.seconds,
        ratio: `${(q.evaluation.seconds / p.evaluation.seconds).toFixed(2)}× of ${n}`,
      },
      { figure: '  worker CPU time during it', unit: 's', fleetgate: q.evaluation.workerCpuSeconds },
      {
        figure: `worker peak RSS at ${m}`,
        unit: 'MiB',
        fleetgate: mib(q.worker.peakRssBytes),
        ratio: ratioOf(q.worker.peakRssBytes, p.worker.peakRssBytes, n),
      },
    );
  }
  return rows;
}

function buildTargets(o: Options, base: SizeResult, large: SizeResult | null, nb: NotebookOutcome | null): Target[] {
  const e2e = base.pipeline.evaluation.seconds;
  const warm = base.pipeline.evaluation.warm?.seconds ?? null;
  const kernel = base.kernel!.seconds;
  const n = o.machines;
  const scaled = n !== 400 || o.days !== 90 ? ` (set for 400 × 90; this run is ${n} × ${o.days})` : '';
  const book = nb?.ran ? nb.result.total_s_excluding_datagen : null;
  const lp = large?.pipeline;
  const rssRatio = lp?.worker.peakRssBytes && base.pipeline.worker.peakRssBytes ? lp.worker.peakRssBytes / base.pipeline.worker.peakRssBytes : null;
  const timeRatio = lp ? lp.evaluation.seconds / e2e : null;
  return [
    { target: `E2E at ${n} ≤ 30 s${scaled}`, value: `${e2e.toFixed(1)} s`, status: status(true, e2e <= 30) },
    {
      // Judged on the first run after the worker starts; the warm run is shown beside it.
      target: `E2E at ${n} ≤ 8 s${scaled}`,
      value: `${e2e.toFixed(1)} s${warm !== null ? ` (the next run, warm worker: ${warm.toFixed(1)} s)` : ''}`,
      status: status(true, e2e <= 8),
    },
    {
      target: 'E2E − raw kernel ≤ 2 s (what the database, queue and report add)',
      value: `${(e2e - kernel).toFixed(1)} s`,
      status: status(true, e2e - kernel <= 2),
    },
    {
      target: 'E2E ≤ 1.5 × raw kernel',
      value: `${(e2e / kernel).toFixed(2)}× (${e2e.toFixed(1)} s / ${kernel.toFixed(1)} s)`,
      status: status(true, e2e <= 1.5 * kernel),
    },
    {
      target: 'E2E faster than the notebook way',
      value: book ? `${e2e.toFixed(1)} s vs ${book.toFixed(1)} s` : nb && !nb.ran ? `skipped: ${nb.reason}` : 'skipped',
      status: status(book !== null, book !== null && e2e < book),
    },
    {
      target: `worker peak RSS at ${4 * n} ≤ 1.2 × at ${n}`,
      value: rssRatio !== null ? `${rssRatio.toFixed(2)}×` : 'run with --large',
      status: status(rssRatio !== null, rssRatio !== null && rssRatio <= 1.2),
    },
    {
      target: `E2E at ${4 * n} ≤ 4.2 × at ${n}`,
      value: timeRatio !== null ? `${timeRatio.toFixed(2)}×` : 'run with --large',
      status: status(timeRatio !== null, timeRatio !== null && timeRatio <= 4.2),
    },
    ingestTarget(base.ingest),
  ];
}

function ingestRows(outcome: IngestOutcome | null): TableRow[] {
  if (!outcome?.ran) return [];
  const r = outcome.result;
  return [
    {
      figure: `ingest over MQTT → PostgreSQL, ${r.machines} machines × ${r.messages / r.machines} messages × 60 min × 8 tags (QoS 1)`,
      unit: 'samples/s',
      fleetgate: r.samplesPerSecond,
      ratio: `${(r.samplesPerSecond / LIVE_RATE_SAMPLES_PER_S).toFixed(0)}× the live rate of 400 machines`,
    },
    { figure: '  messages committed (one transaction each)', unit: 'msg/s', fleetgate: r.messagesPerSecond },
    { figure: '  ingest CPU time during it', unit: 's', fleetgate: r.ingestCpuSeconds, ratio: `of ${r.seconds.toFixed(1)} s wall` },
  ];
}

function ingestTarget(outcome: IngestOutcome | null): Target {
  const target = `ingest over MQTT ≥ 20 × the live rate of 400 machines × 8 signals (${LIVE_RATE_SAMPLES_PER_S.toFixed(1)} samples/s)`;
  if (!outcome) return { target, value: 'skipped (--skip-ingest)', status: 'not measured' };
  if (!outcome.ran) return { target, value: `skipped: ${outcome.reason}`, status: 'not measured' };
  const rate = outcome.result.samplesPerSecond;
  const ratio = rate / LIVE_RATE_SAMPLES_PER_S;
  return { target, value: `${ratio.toFixed(0)}× (${Math.round(rate).toLocaleString('en')} samples/s)`, status: status(true, ratio >= 20) };
}

const mib = (bytes: number | null): number | null => (bytes === null ? null : bytes / 2 ** 20);
const ratioOf = (a: number | null, b: number | null, n: number): string | undefined => (a && b ? `${(a / b).toFixed(2)}× of ${n}` : undefined);

// Other work on the host skews every figure: the 1/5/15-minute load averages say how busy it was.
const loadAverage = (): number[] => os.loadavg().map((x) => Number(x.toFixed(2)));

function machineInfo(): { os: string; cpuModel: string; cpuCount: number; totalMemoryBytes: number; node: string } {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    node: process.version,
  };
}

/** Step 10 on its own fresh database (`…_scoring`). */
async function measureScoring(o: Options, ts: number, adminUrl: string, redisUrl: string, workDir: string, cleanup: Cleanup): Promise<ScoringResult> {
  const days = Math.min(o.days, SCORING_MAX_DAYS);
  log(`scoring: ${o.machines} machines × ${days} days, one round of 1 h, then GET /api/fleet/health under autocannon`);
  return runScoringBench(
    {
      machines: o.machines,
      days,
      seed: o.seed,
      adminDatabaseUrl: adminUrl,
      databaseName: `fleetgate_bench_${ts}_scoring`,
      redisUrl,
      queuePrefix: `fgbench${ts}scoring`,
      workDir,
      workerConcurrency: o.concurrency,
      rate: 200,
      durationSeconds: 20,
    },
    cleanup,
  );
}

/** Step 11 on two fresh databases (`…_rollups_on`, `…_rollups_off`). */
async function measureRollups(o: Options, ts: number, adminUrl: string, workDir: string, cleanup: Cleanup): Promise<RollupsResult> {
  log(`rollups: ${o.machines} machines × ${o.days} days stored with and without hourly rollups; disk, rebuild, the ${o.days}-day plot under autocannon`);
  return runRollupsBench(
    {
      machines: o.machines,
      days: o.days,
      seed: o.seed,
      adminDatabaseUrl: adminUrl,
      databaseName: `fleetgate_bench_${ts}_rollups`,
      workDir,
      rounds: o.rollupRounds,
      rate: 10,
      durationSeconds: 20,
    },
    cleanup,
  );
}

/** Prints the table and the targets and writes `bench/results.json`. */
function report(o: Options, started: number, loadAtStart: number[], figures: Record<string, unknown>, table: TableRow[], targets: Target[]): void {
  const results = {
    generatedAt: new Date().toISOString(),
    machine: { ...machineInfo(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage() },
    options: o,
    benchSeconds: (Date.now() - started) / 1000,
    ...figures,
    table,
    targets,
  };
  const file = path.join(REPO_ROOT, 'bench', 'results.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  const m = results.machine;
  process.stdout.write(
    `\nfleetgate bench — ${m.cpuCount} × ${m.cpuModel}, ${(m.totalMemoryBytes / 2 ** 30).toFixed(0)} GiB, node ${m.node}, load average ${m.loadAverageAtStart.join(' ')} → ${m.loadAverageAtEnd.join(' ')}\n\n`,
  );
  process.stdout.write(`${renderTable(table)}\n\n${renderTargets(targets)}\n\nwritten to ${path.relative(process.cwd(), file) || file}\n`);
}

async function main(): Promise<void> {
  const o = options();
  const cleanup = new Cleanup();
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: cleaning up`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = Date.now();
  const loadAtStart = loadAverage();
  try {
    const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    const redisUrl = await ensureRedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', cleanup);
    const workDir = makeTempDir(cleanup);
    const ts = Date.now();
    log(
      `fleet ${o.machines} × ${o.days} days${o.large ? ` and ${4 * o.machines} × ${o.days} days` : ''}; PostgreSQL ${new URL(adminUrl).host}, Redis ${new URL(redisUrl).host}`,
    );

    if (o.only === 'rollups') {
      const rollups = await measureRollups(o, ts, adminUrl, workDir, cleanup);
      report(o, started, loadAtStart, { rollups }, rollupsRows(rollups), rollupsTargets(rollups));
      return;
    }
    if (o.only === 'growth') {
      log(`growth: ${o.machines} and ${GROWTH_FACTOR * o.machines} machines × ${GROWTH_DAYS} days, E2E of each`);
      const growth = await runGrowthBench(
        {
          machines: o.machines,
          seed: o.seed,
          adminDatabaseUrl: adminUrl,
          databaseName: `fleetgate_bench_${ts}_growth`,
          redisUrl,
          queuePrefix: `fgbench${ts}growth`,
          workDir,
          workerConcurrency: o.concurrency,
        },
        cleanup,
      );
      report(o, started, loadAtStart, { growth }, growthRows(growth), growthTargets(growth));
      return;
    }
    if (o.only === 'scoring') {
      const scoring = await measureScoring(o, ts, adminUrl, redisUrl, workDir, cleanup);
      report(o, started, loadAtStart, { scoring }, scoringRows(scoring), scoringTargets(scoring));
      return;
    }

    const { size: base, model } = await measureSize(o, o.machines, '', ts, adminUrl, redisUrl, workDir, true, cleanup);
    log('onnxruntime throughput of the pilot model');
    const onnx = await benchOnnxThroughput(model.onnxPath, model.inputName, model.outputName, model.profile.features.length);

    let large: SizeResult | null = null;
    if (o.large) large = (await measureSize(o, 4 * o.machines, '_large', ts, adminUrl, redisUrl, workDir, false, cleanup)).size;

    let notebook: NotebookOutcome | null = null;
    if (!o.skipNotebook) {
      log(`the notebook way: numpy/scipy, ${o.machines} × ${o.days} days × 8 signals (takes minutes)`);
      notebook = await runNotebook(o.machines, o.days, 8, cleanup);
      log(notebook.ran ? `notebook: ${notebook.result.total_s_excluding_datagen} s` : `notebook skipped: ${notebook.reason}`);
    }

    log(`the console: bundle size and the fleet page with ${o.machines} tiles in Chromium`);
    const webConsole = await runConsoleBench(o.machines);
    let scoring: ScoringResult | null = null;
    if (!o.skipScoring) scoring = await measureScoring(o, ts, adminUrl, redisUrl, workDir, cleanup);
    const rollups = o.skipRollups ? null : await measureRollups(o, ts, adminUrl, workDir, cleanup);
    const table = [
      ...buildTable(o, base, large, onnx, notebook),
      ...consoleRows(webConsole),
      ...(scoring ? scoringRows(scoring) : []),
      ...(rollups ? rollupsRows(rollups) : []),
    ];
    const targets = [
      ...buildTargets(o, base, large, notebook),
      ...consoleTargets(webConsole, o.machines),
      ...scoringTargets(scoring, 'skipped (--skip-scoring)'),
      ...rollupsTargets(rollups, 'skipped (--skip-rollups)'),
    ];
    report(o, started, loadAtStart, { base, large, onnx, notebook, console: webConsole, scoring, rollups }, table, targets);
  } finally {
    await cleanup.run();
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
