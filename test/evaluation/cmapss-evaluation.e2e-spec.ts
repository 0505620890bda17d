import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { allMachineResults, call, MachineResultView, registerModel, ReportView, RunView, waitForRun } from './evaluation-api.util';
import { childEnv, cliJson, WorkerProcess } from './processes.util';

/**
 * Real run-to-failure data: NASA C-MAPSS FD001 (100 training engines, each run until it
 * fails; the importer makes one cycle one hour from 2020-01-01T00:00Z and records the last
 * cycle as the failure). A pilot anomaly model is trained on engine 1's first 50 cycles and
 * evaluated over all 100 engines against those 100 labelled failures.
 */
const TRAIN_FD001 = path.resolve(__dirname, '../../../shared/data/cmapss/train_FD001.txt');
// The 14 sensors that vary in FD001 (the other 7 and the settings are constant at one operating condition).
const SENSORS = [2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21].map((i) => `cmapss_s${i}`);
const describeWithData = fs.existsSync(TRAIN_FD001) ? describe : describe.skip;

jest.setTimeout(600_000);

describeWithData('C-MAPSS FD001 evaluation (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  const timings: Record<string, number> = {};
  let report: ReportView;
  let results: MachineResultView[];

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    const procEnv = childEnv(env);
    const imported = await cliJson<{ machines: number }>(['import', 'cmapss', TRAIN_FD001], procEnv);
    timings.importMs = imported.ms;
    expect(imported.value.machines).toBe(100);
    const dir = path.join(env.FLEETGATE_DATA_DIR, 'models', 'cmapss');
    // Cycles 1..50 of engine 1: [2020-01-01T00:00Z, +50 h).
    const trained = await cliJson(
      [
        'train',
        '--machine',
        'FD001-001',
        '--from',
        '2020-01-01T00:00:00Z',
        '--to',
        '2020-01-03T02:00:00Z',
        '--task',
        'anomaly-score',
        '--signals',
        SENSORS.join(','),
        '--out',
        dir,
        '--name',
        'cmapss-anomaly',
      ],
      procEnv,
    );
    timings.trainMs = trained.ms;
    const version = await registerModel(api.url, api.tokens.mle, dir);
    worker = new WorkerProcess({ ...procEnv, WORKER_CONCURRENCY: '2' });
    await worker.waitUntilStarted();
    const started = Date.now();
    // The longest FD001 engine runs 362 cycles: 16 days from the start cover every engine.
    const res = await call<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', {
      modelVersionId: version.id,
      selection: { machineModels: ['C-MAPSS-FD001'] },
      from: '2020-01-01T00:00:00Z',
      to: '2020-01-17T00:00:00Z',
    });
    expect(res.status).toBe(202);
    const run = await waitForRun(api.url, api.tokens.rel, res.body.id);
    timings.evaluateMs = Date.now() - started;
    expect(run.status).toBe('completed');
    report = (await call<ReportView>(api.url, api.tokens.rel, 'GET', `/evaluations/${run.id}/report`)).body;
    results = await allMachineResults(api.url, api.tokens.rel, run.id);
  }, 900_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    if (process.env.FLEETGATE_E2E_TIMINGS)
      process.stderr.write(`cmapss e2e timings: ${JSON.stringify(timings)}; verdicts ${JSON.stringify(report?.counts.verdicts)}\n`);
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('evaluates all 100 training engines against their 100 labelled failures, the pilot as the version’s training machine', () => {
    expect(report.counts.machines).toBe(100);
    expect(report.counts.evaluated).toBe(100);
    const failures = results.reduce((n, m) => n + (m.result?.performance?.failures ?? 0), 0);
    expect(failures).toBe(100);
    // The segment's recall is evidence: the pilot (the version's training machine) does not count in it.
    const evidence = results.filter((m) => m.verdict !== 'training');
    expect(evidence).toHaveLength(99);
    const fleetRecall = report.segments.find((s) => s.dimension === 'machineModel' && s.value === 'C-MAPSS-FD001')!.recall!;
    expect(fleetRecall.failures).toBe(99);
    expect(fleetRecall.detected).toBe(evidence.reduce((n, m) => n + (m.result?.performance?.detected ?? 0), 0));
    expect(fleetRecall.estimate).toBeCloseTo(fleetRecall.detected / 99, 10);
    expect(fleetRecall.low).toBeLessThanOrEqual(fleetRecall.estimate);
    expect(fleetRecall.high).toBeGreaterThanOrEqual(fleetRecall.estimate);
  });

  it('gives a lead time for every detected failure, within the horizon before it', () => {
    const detected = results.filter((m) => (m.result?.performance?.detected ?? 0) > 0);
    expect(detected.length).toBeGreaterThan(0);
    const leads = detected.map((m) => Number(m.result!.performance!.medianLeadTimeHours));
    // Anomaly models have no horizon in the manifest: the evaluation uses its 3-day default.
    expect(leads.every((h) => Number.isFinite(h) && h >= 0 && h <= 72)).toBe(true);
    if (process.env.FLEETGATE_E2E_TIMINGS) {
      const sorted = [...leads].sort((a, b) => a - b);
      process.stderr.write(`cmapss: detected ${detected.length}/100, median lead ${sorted[sorted.length >> 1]} h\n`);
    }
  });

  it('judges engines on their healthy cycles, not only as insufficient-data', () => {
    expect(report.counts.verdicts['insufficient-data']).toBeLessThan(100);
  });
});
