import * as fs from 'node:fs';
import { Queue } from 'bullmq';
import { EVALUATION_QUEUE, jobId, JobName } from '@fleetgate/queue';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { allMachineResults, call, comparableReport, MachineResultView, ok, registerModel, ReportView, RunView, waitForRun } from './evaluation-api.util';
import { childEnv, cliJson, runCli, sleep, WorkerProcess } from './processes.util';
import { GradeView, SimFleet, simulateAndTrain, withSchema } from './sim-fleet.util';

/**
 * The fleet evaluation end to end: the operator CLI simulates a fleet and trains the pilot
 * model, the api (in process) registers it and starts runs, two worker processes share the
 * work through Redis. One fleet for the whole file; the tests run in order and the last one
 * plants a fault.
 *
 * Seed 23 is a seed nobody tuned the simulator or the evaluation thresholds on.
 */
const MACHINES = Number(process.env.FLEETGATE_E2E_MACHINES ?? 100);
const DAYS = Number(process.env.FLEETGATE_E2E_DAYS ?? 30);
const SEED = 23;
const LOOKBACK = `${DAYS}d`;

// Short lock and stall check, so a killed worker's jobs move on in seconds.
const WORKER_ENV = { FLEETGATE_LOCK_DURATION_MS: '3000', FLEETGATE_STALLED_INTERVAL_MS: '1000', WORKER_CONCURRENCY: '2' };

jest.setTimeout(600_000);

describe('fleet evaluation on the workers (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let procEnv: NodeJS.ProcessEnv;
  let fleet: SimFleet;
  let version: { id: string; version: number };
  const workers: WorkerProcess[] = [];
  const timings: Record<string, number> = {};
  let baseline: { run: RunView; reportText: string; results: MachineResultView[] };

  const rel = () => api.tokens.rel;
  const startWorker = async () => {
    const w = new WorkerProcess({ ...procEnv, ...WORKER_ENV });
    workers.push(w);
    await w.waitUntilStarted();
    return w;
  };
  const evaluate = async (body: Record<string, unknown>) => {
    const started = Date.now();
    const res = await call<RunView>(api.url, rel(), 'POST', '/evaluations', { modelVersionId: version.id, ...body });
    expect(res.status).toBe(202);
    return { run: res.body, started };
  };
  const report = async (id: string) => (await call<ReportView>(api.url, rel(), 'GET', `/evaluations/${id}/report`)).text;

  beforeAll(async () => {
    env = isolatedEnv();
    let t = Date.now();
    api = await startApi({ env });
    timings.apiStartMs = Date.now() - t;
    procEnv = childEnv(env);
    fleet = await simulateAndTrain(env, procEnv, { machines: MACHINES, days: DAYS, seed: SEED });
    timings.simulateMs = fleet.ms.simulate;
    timings.trainMs = fleet.ms.train;
    t = Date.now();
    version = await registerModel(api.url, api.tokens.mle, fleet.modelDir);
    timings.registerMs = Date.now() - t;
    t = Date.now();
    await Promise.all([startWorker(), startWorker()]);
    timings.workersStartMs = Date.now() - t;
  }, 900_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await api?.close();
    if (process.env.FLEETGATE_E2E_TIMINGS)
      process.stderr.write(`fleet-evaluation e2e (${MACHINES} machines × ${DAYS} days, seed ${SEED}) timings: ${JSON.stringify(timings)}\n`);
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('puts in the validated scope only machines where the model really works, graded by `fleetgate grade` on the complete truth', async () => {
    const { run, started } = await evaluate({ lookback: LOOKBACK });
    const done = await waitForRun(api.url, rel(), run.id);
    timings.evaluateMs = Date.now() - started;
    expect(done.status).toBe('completed');
    expect(done.progress).toEqual({ total: MACHINES, done: MACHINES, failed: 0 });
    const text = await report(run.id);
    const r = JSON.parse(text) as ReportView;
    baseline = { run: done, reportText: text, results: await allMachineResults(api.url, rel(), run.id) };
    expect(r.counts.machines).toBe(MACHINES);

    const { value: grade } = await cliJson<GradeView>(['grade', run.id, '--truth', fleet.truthFile], {
      ...procEnv,
      FLEETGATE_URL: api.url,
      FLEETGATE_TOKEN: rel(),
    });
    if (process.env.FLEETGATE_E2E_TIMINGS) process.stderr.write(`graded against truth: ${JSON.stringify({ ...grade, machinesGraded: undefined })}\n`);
    // The pilot is the version's training machine: listed as `training`, not graded.
    expect(grade.machines).toBe(MACHINES - 1);
    // Both kinds exist, or the grade proves nothing.
    expect(grade.confusion.inScopeWorks).toBeGreaterThan(0);
    expect(grade.machinesGraded.some((m) => !m.works)).toBe(true);
    // On failure the message names the in-scope machines that do not work, and why.
    const wrong = grade.machinesGraded.filter((m) => m.placement === 'in-scope' && !m.works).map((m) => `${m.assetId}: ${m.reasons.join('; ')}`);
    expect(grade.precision.value >= 0.95 ? 'ok' : JSON.stringify({ precision: grade.precision, wrong })).toBe('ok');
    // Borderline machines are neither in scope nor kept out.
    for (const m of grade.machinesGraded.filter((x) => x.verdict === 'borderline')) expect(r.validatedScope.assetIds).not.toContain(m.assetId);
    // The pilot is the version's training machine: `training`, outside the validated scope (its figures are in-sample), read as generalizing held out.
    expect(grade.machinesGraded.find((m) => m.assetId === fleet.truth.pilotAssetId)).toBeUndefined();
    expect(r.validatedScope.assetIds).not.toContain(fleet.truth.pilotAssetId);
    const pilot = r.validatedScope.excluded.find((e) => e.assetId === fleet.truth.pilotAssetId)!;
    expect(pilot.verdict).toBe('training');
    expect(pilot.reasons[1]).toMatch(/^as a held-out machine its figures would read generalizes/);
    // Failures withheld from the events were still caught on machines the model works on: grading used the truth, not the labels.
    expect(grade.worksOnWithheldFailures).toBeGreaterThan(0);
  });

  it('never stores a withheld failure as an event', async () => {
    const withheld = fleet.truth.machines.flatMap((m) => m.failures.filter((f) => !f.labelled).map((f) => ({ assetId: m.assetId, ts: Date.parse(f.failure) })));
    const labelled = fleet.truth.machines.flatMap((m) => m.failures.filter((f) => f.labelled).map((f) => `${m.assetId}@${Date.parse(f.failure)}`));
    expect(withheld.length).toBeGreaterThan(0);
    const stored = await withSchema(env, (q) =>
      q(`SELECT m.asset_id AS "assetId", e.ts::text AS ts FROM events e JOIN machines m ON m.id = e.machine_id WHERE e.kind = 'failure'`),
    );
    const storedKeys = new Set(stored.map((e) => `${e.assetId}@${e.ts}`));
    expect(withheld.filter((w) => storedKeys.has(`${w.assetId}@${w.ts}`))).toEqual([]);
    expect([...storedKeys].sort()).toEqual([...labelled].sort());
  });

  it('shares one run between two worker processes', () => {
    const a = workers[0].evaluated(baseline.run.id);
    const b = workers[1].evaluated(baseline.run.id);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    const all = new Set([...a, ...b]);
    expect(all).toEqual(new Set(baseline.results.map((m) => m.machineId)));
    expect(all.size).toBe(MACHINES);
  });

  it('gives the machine without a pressure sensor insufficient-data, naming the signal', () => {
    const planted = fleet.truth.machines.filter((m) => m.missingSignals.includes('pressure'));
    expect(planted).toHaveLength(1);
    const result = baseline.results.find((m) => m.assetId === planted[0].assetId)!;
    expect(result.status).toBe('done');
    expect(result.verdict).toBe('insufficient-data');
    expect(result.result!.coverage.missingSignals.join(' ')).toMatch(/pressure/);
    expect(result.result!.reasons.join(' ')).toMatch(/pressure/);
    const excluded = (JSON.parse(baseline.reportText) as ReportView).validatedScope.excluded.find((e) => e.assetId === planted[0].assetId);
    expect(excluded?.verdict).toBe('insufficient-data');
  });

  it('finishes a run when a worker is SIGKILLed mid-run, with one result per machine and the undisturbed report', async () => {
    const [victim, survivor] = workers;
    const { run, started } = await evaluate({ lookback: LOOKBACK });
    let killedAt: RunView['progress'] | null = null;
    // Kill as soon as the victim has finished a few machines; the run must not be over yet.
    const until = Date.now() + 120_000;
    while (!killedAt) {
      if (victim.evaluated(run.id).length >= 2) {
        await victim.kill('SIGKILL');
        killedAt = (await ok<RunView>(api.url, rel(), 'GET', `/evaluations/${run.id}`)).progress;
        break;
      }
      if (Date.now() > until) throw new Error('the victim worker never evaluated a machine');
      await sleep(10);
    }
    expect(killedAt.done).toBeGreaterThan(0);
    expect(killedAt.done).toBeLessThan(MACHINES);

    const done = await waitForRun(api.url, rel(), run.id);
    timings.evaluateWithKillMs = Date.now() - started;
    expect(done.status).toBe('completed');
    expect(done.progress).toEqual({ total: MACHINES, done: MACHINES, failed: 0 });
    expect(survivor.evaluated(run.id).length).toBeGreaterThan(0);

    const results = await allMachineResults(api.url, rel(), run.id);
    const perMachine = new Map<string, number>();
    for (const m of results) perMachine.set(m.machineId, (perMachine.get(m.machineId) ?? 0) + 1);
    expect(results).toHaveLength(MACHINES);
    expect([...perMachine.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(perMachine.keys())).toEqual(new Set(baseline.results.map((m) => m.machineId)));

    // The jobs the victim held when it died were taken over after their lock expired.
    const queue = new Queue(EVALUATION_QUEUE, { connection: { url: env.REDIS_URL }, prefix: env.FLEETGATE_QUEUE_PREFIX });
    try {
      const jobs = await Promise.all(results.map((m) => queue.getJob(jobId(JobName.EvaluateMachine, run.id, m.machineId))));
      const stalled = jobs.filter((j) => j && j.stalledCounter > 0);
      expect(stalled.length).toBeGreaterThan(0);
    } finally {
      await queue.close();
    }

    expect(comparableReport(await report(run.id))).toEqual(comparableReport(baseline.reportText));
    // Back to two workers for what follows.
    workers.splice(workers.indexOf(victim), 1);
    await startWorker();
  });

  it('prints the report JSON from `evaluate <model>@<version> --lookback --wait --json`', async () => {
    const started = Date.now();
    const r = await runCli(['evaluate', `pump-anomaly@${version.version}`, '--lookback', LOOKBACK, '--wait', '--json'], {
      ...procEnv,
      FLEETGATE_URL: api.url,
      FLEETGATE_TOKEN: rel(),
    });
    timings.cliEvaluateMs = Date.now() - started;
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const printed = JSON.parse(r.stdout) as ReportView;
    expect(printed.status).toBe('completed');
    expect(printed.runId).not.toBe(baseline.run.id);
    expect(comparableReport(r.stdout)).toEqual(comparableReport(baseline.reportText));
  });

  it('lists a machine whose telemetry cannot be read as failed, and the run ends partial', async () => {
    const victim = fleet.truth.machines.find((m) => m.inDomain && !m.isPilot && m.missingSignals.length === 0)!;
    // A negative sampling interval in the series summary makes readMachine throw (no Float32Array of negative length).
    const plant = (sign: 1 | -1) =>
      withSchema(env, (q) =>
        q(
          `UPDATE telemetry_series SET interval_ms = ${sign} * abs(interval_ms) WHERE signal = 'vibration_rms' AND machine_id = (SELECT id FROM machines WHERE asset_id = $1)`,
          [victim.assetId],
        ),
      );
    await plant(-1);
    try {
      const { run, started } = await evaluate({ from: baseline.run.from, to: baseline.run.to });
      const done = await waitForRun(api.url, rel(), run.id);
      timings.evaluatePartialMs = Date.now() - started;
      expect(done.status).toBe('partial');
      expect(done.progress).toEqual({ total: MACHINES, done: MACHINES - 1, failed: 1 });
      const r = JSON.parse(await report(run.id)) as ReportView;
      expect(r.status).toBe('partial');
      expect(r.failedMachines.map((f) => f.assetId)).toEqual([victim.assetId]);
      expect(r.failedMachines[0].error).toMatch(/length|range/i);
      expect(r.validatedScope.assetIds).not.toContain(victim.assetId);
      expect(r.validatedScope.excluded.find((e) => e.assetId === victim.assetId)?.verdict).toBe('failed');
      const row = (await allMachineResults(api.url, rel(), run.id)).find((m) => m.assetId === victim.assetId)!;
      expect(row).toMatchObject({ status: 'failed', verdict: null, attempts: 3 });
      // Every other machine got the same verdict as in the undisturbed run.
      const before = new Map(baseline.results.map((m) => [m.assetId, m.verdict]));
      const after = (await allMachineResults(api.url, rel(), run.id)).filter((m) => m.assetId !== victim.assetId);
      expect(after.map((m) => [m.assetId, m.verdict])).toEqual(after.map((m) => [m.assetId, before.get(m.assetId)]));
    } finally {
      await plant(1);
    }
  });
});
