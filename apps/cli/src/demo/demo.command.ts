import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '@fleetgate/config';
import { deleteQueueKeys } from '@fleetgate/queue';
import { progressLine } from '../progress-bar.util';
import { gradeLine, segmentRows } from '../grade/grade-format.util';
import { gradeRun, readTruth } from '../grade/grade-run';
import { ReportView, scopeSummary, segmentTable } from '../report-format.util';
import { DemoApi } from './demo-http';
import { adviseAndPromote } from './demo-advice';
import { liveScoring } from './demo-live';
import { ensureRedis, freePort, runCli, startApp, stopAll, waitForHealth } from './demo-services';

interface DemoOptions {
  machines: number;
  days: number;
  seed: number;
  exit?: boolean;
}

const say = (text: string) => process.stdout.write(`${text}\n`);
const step = (n: number, text: string) => say(`\n== ${n}. ${text}`);

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('the whole story on the embedded default: simulate a fleet, train a pilot model, evaluate it on the workers, promote it through the gate')
    .option('--machines <n>', 'fleet size', (v) => parseInt(v, 10), 400)
    .option('--days <n>', 'days of 1-minute telemetry', (v) => parseInt(v, 10), 90)
    .option('--seed <n>', 'simulator seed', (v) => parseInt(v, 10), 7)
    .option('--exit', 'stop after the story instead of serving until Ctrl-C')
    .action(async (opts: DemoOptions) => {
      const children: ChildProcess[] = [];
      // The demo's queues live under their own prefix in Redis and are removed when it stops.
      const queues = { redisUrl: '', prefix: `fgdemo${Date.now()}` };
      const stop = async () => {
        stopAll(children);
        if (queues.redisUrl) await deleteQueueKeys(queues.redisUrl, queues.prefix).catch(() => 0);
      };
      process.on('SIGINT', () => {
        void stop().finally(() => process.exit(130));
      });
      try {
        await story(opts, children, queues);
      } finally {
        if (opts.exit) await stop();
      }
      if (!opts.exit) {
        say('\nserving until Ctrl-C …');
        await new Promise(() => undefined);
      }
    });
}

async function story(opts: DemoOptions, children: ChildProcess[], queues: { redisUrl: string; prefix: string }): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  // The demo owns its data directory: it starts from an empty embedded database every time.
  const dataDir = path.join(config.dataDir, 'demo');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const redisUrl = await ensureRedis(config.redisUrl, children);
  queues.redisUrl = redisUrl;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FLEETGATE_DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
    PORT: String(port),
    FLEETGATE_QUEUE_PREFIX: queues.prefix,
    // Production scoring after the approval (step 7): a round every 20 s of wall time.
    FLEETGATE_SCORING_INTERVAL: '20s',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const url = `http://127.0.0.1:${port}`;
  const log = fs.createWriteStream(path.join(dataDir, 'services.log'));

  step(0, `setting up: embedded SQLite in ${dataDir}, Redis at ${redisUrl}`);
  await runCli(['migrate'], env);
  const users: Record<string, string> = {};
  for (const [name, role, sites] of [
    ['ada', 'admin', ''],
    ['mel', 'ml-engineer', ''],
    ['rhea', 'reliability-engineer', ''],
    ['rory', 'reliability-engineer', ''],
    ['pam', 'plant-manager', 'PLT1'],
  ]) {
    const created = await runCli<{ token: string }>(['users', 'create', '--name', name, '--role', role, ...(sites ? ['--sites', sites] : [])], env);
    users[name] = created.token;
  }
  startApp('api', env, children, log);
  startApp('worker', env, children, log);
  await waitForHealth(url);
  const api = new DemoApi(url);

  step(1, `simulating a fleet of ${opts.machines} machines × ${opts.days} days of 1-minute telemetry (seed ${opts.seed})`);
  const truthFile = path.join(dataDir, 'truth.json');
  const sim = await runCli<{ pilotAssetId?: string; machines?: number; samplesWritten?: number }>(
    ['simulate', '--machines', String(opts.machines), '--days', String(opts.days), '--seed', String(opts.seed), '--truth', truthFile],
    env,
  );
  const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as { pilot?: { assetId: string }; pilotAssetId?: string };
  const pilot = sim.pilotAssetId ?? truth.pilotAssetId ?? truth.pilot!.assetId;
  say(`fleet written; pilot machine ${pilot}`);

  step(2, `training the pilot anomaly model on ${pilot} (TensorFlow.js, wasm), raw and against each machine's own baseline, and registering both`);
  const train = async (name: string, extra: string[]) => {
    const modelDir = path.join(dataDir, 'models', name);
    await runCli(['train', '--machine', pilot, '--lookback', `${opts.days}d`, '--task', 'anomaly-score', '--name', name, '--out', modelDir, ...extra], env);
    const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'fleetgate.model.json'), 'utf8'));
    const onnx = fs.readFileSync(path.join(modelDir, 'model.onnx'));
    const v = await api.ok<{ id: string; version: number; sha256: string }>(users.mel, 'POST', '/models/register', {
      manifest,
      onnxBase64: onnx.toString('base64'),
    });
    say(`registered ${name}@${v.version} (sha256 ${v.sha256.slice(0, 12)}…)`);
    return v;
  };
  const version = await train('pump-anomaly', []);
  const baselineVersion = await train('pump-anomaly-baseline', ['--normalization', 'per-machine-baseline', '--baseline', '14d']);

  step(3, 'evaluating both over the fleet on the workers (the baseline model with its own threshold, and with per-machine thresholds)');
  const evaluate = async (label: string, body: Record<string, unknown>) => {
    const started = await api.ok<{ id: string }>(users.rhea, 'POST', '/evaluations', { lookback: `${opts.days}d`, ...body });
    const t0 = Date.now();
    for (;;) {
      const r = await api.ok<{ status: string; progress: { total: number; done: number; failed: number } }>(users.rhea, 'GET', `/evaluations/${started.id}`);
      process.stderr.write(`\r${label.padEnd(28)} ${progressLine(r.progress.done, r.progress.failed, r.progress.total, Date.now() - t0)}`);
      if (['completed', 'partial', 'failed', 'cancelled'].includes(r.status)) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    process.stderr.write('\n');
    const report = await api.ok<ReportView>(users.rhea, 'GET', `/evaluations/${started.id}/report`);
    const { grade } = await gradeRun((p) => api.ok(users.rhea, 'GET', p), started.id, readTruth(truthFile));
    return { id: started.id, report, grade };
  };
  const run = await evaluate('raw', { modelVersionId: version.id });
  const baseline = await evaluate('per-machine-baseline', { modelVersionId: baselineVersion.id });
  const calibrated = await evaluate('+ per-machine thresholds', { modelVersionId: baselineVersion.id, thresholds: 'per-machine' });
  const report = run.report;

  step(4, 'segments and the validated scope');
  say(segmentTable(report));
  say('');
  say(scopeSummary(report));
  // The simulator knows what really happens on every machine, withheld failures included: does the scope hold?
  say(`graded against the simulator's truth: ${gradeLine(run.grade)}`);
  say(segmentRows(run.grade, 'kind'));
  say("\nthe same pilot against each machine's own 14-day baseline (signal relations as the domain check):");
  for (const [label, v] of [
    ['per-machine-baseline', baseline],
    ['+ per-machine thresholds', calibrated],
  ] as const) {
    say(`  ${label}: validated scope ${v.report.validatedScope.assetIds.length} of ${v.report.counts.machines} machines`);
    say(`    graded: ${gradeLine(v.grade)}`);
  }
  say(segmentRows(baseline.grade, 'kind'));

  step(5, 'requesting promotion to production for the whole fleet');
  const fleetReq = await api.ok<PromotionView>(users.mel, 'POST', '/promotions', {
    modelVersionId: version.id,
    targetStage: 'production',
    scope: 'fleet',
    evidenceRunId: run.id,
    justification: 'the pilot worked on one machine',
  });
  say(
    `request ${fleetReq.id} (${fleetReq.scope.machines} machines): ${fleetReq.outcome.toUpperCase()} under policy ${fleetReq.policy.name}@${fleetReq.policy.version}`,
  );
  for (const r of fleetReq.ruleResults) say(`  ${r.outcome.padEnd(21)} ${r.id}: ${r.detail} (needs ${r.comparison} ${r.threshold})`);
  const refused = await api.call<{ message: string }>(users.rory, 'POST', `/promotions/${fleetReq.id}/approve`, {});
  say(`approving it without waivers → ${refused.status}: ${refused.body.message}`);
  await api.ok(users.rory, 'POST', `/promotions/${fleetReq.id}/reject`, { reason: 'fails the default policy: the model does not hold fleet-wide' });
  say('rejected by rory');

  say('\nrequesting promotion to production for the validated scope');
  const scopedReq = await api.ok<PromotionView>(users.mel, 'POST', '/promotions', {
    modelVersionId: version.id,
    targetStage: 'production',
    scope: 'validated-scope',
    evidenceRunId: run.id,
    justification: 'deploy where the evidence supports it',
  });
  say(`request ${scopedReq.id} (${scopedReq.scope.machines} machines): ${scopedReq.outcome.toUpperCase()}`);
  for (const r of scopedReq.ruleResults) say(`  ${r.outcome.padEnd(21)} ${r.id}: ${r.detail}`);

  step(6, 'approval by a second reliability engineer (rory), then fleet coverage');
  // Rules without enough evidence (e.g. too few labelled failures in a short demo) need a written waiver.
  const waivers = scopedReq.ruleResults.filter((r) => r.outcome !== 'pass').map((r) => ({ ruleId: r.id, justification: `accepted for the demo: ${r.detail}` }));
  for (const w of waivers) say(`  waiving ${w.ruleId}: ${w.justification}`);
  const approved = await api.ok<PromotionView>(users.rory, 'POST', `/promotions/${scopedReq.id}/approve`, { waivers });
  say(`approved by rory; accountable owner ${approved.decision?.owner ?? 'rory'}`);
  const coverage = await api.ok<CoverageView>(users.rhea, 'GET', '/fleet/coverage');
  say(
    `covered: ${coverage.totals.covered} of ${coverage.totals.machines} machines run pump-anomaly@${version.version}; ${coverage.totals.notCovered} not covered`,
  );
  for (const dim of ['site', 'machineModel', 'ageBand'] as const) {
    say(`  by ${dim}: ${coverage.counts[dim].map((c) => `${c.value} ${c.covered}/${c.machines}`).join(', ')}`);
  }
  const pm = await api.ok<CoverageView>(users.pam, 'GET', '/fleet/coverage');
  say(
    `plant manager pam (PLT1) sees ${pm.totals.machines} machines of ${[...new Set(pm.machines.map((m) => m.site))].join(', ')}, ${pm.totals.covered} covered`,
  );

  step(7, 'adaptation advice for the machines the pilot model leaves out, and the recommended variant through the gate');
  await adviseAndPromote(api, { rhea: users.rhea, mel: users.mel, rory: users.rory }, run.id, say);
  const grown = await api.ok<CoverageView>(users.rhea, 'GET', '/fleet/coverage');
  say(`covered: ${coverage.totals.covered} → ${grown.totals.covered} of ${grown.totals.machines} machines; ${grown.totals.notCovered} not covered`);

  step(8, 'production: live telemetry over MQTT, scoring rounds on the worker, fleet health and alarms');
  await liveScoring({
    api,
    token: users.rhea,
    env,
    children,
    log,
    mqttUrl: config.mqttUrl,
    queues,
    truthFile,
    covered: grown.machines.filter((m) => m.covered).map((m) => m.assetId),
    say,
  });

  step(9, `done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  say(`api: ${url}  (OpenAPI at ${url}/api/docs)`);
  for (const [name, token] of Object.entries(users)) say(`  ${name.padEnd(5)} ${token}`);
  // The token rides in the URL fragment, which browsers never send to a server; the console
  // keeps it for the tab and takes it out of the address bar.
  say(`console: ${url}/  — one-click sign-in per demo user:`);
  for (const [name, token] of Object.entries(users)) say(`  ${name.padEnd(5)} ${url}/#token=${token}`);
  say(`  e.g. FLEETGATE_URL=${url} FLEETGATE_TOKEN=${users.rhea} npm run cli -- coverage`);
}

interface PromotionView {
  id: string;
  outcome: string;
  policy: { name: string; version: number };
  scope: { kind: string; machines: number };
  ruleResults: Array<{ id: string; outcome: string; detail: string; threshold: number; comparison: string }>;
  decision: { owner: string | null } | null;
}

interface CoverageCount {
  value: string;
  machines: number;
  covered: number;
}

interface CoverageView {
  totals: { machines: number; covered: number; notCovered: number };
  machines: Array<{ assetId: string; site: string; covered: boolean }>;
  counts: Record<'site' | 'machineModel' | 'ageBand', CoverageCount[]>;
}
