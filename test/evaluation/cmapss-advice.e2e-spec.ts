import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AdviceView } from '@fleetgate/advice';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { allMachineResults, call, ok, registerModel, ReportView, RunView, waitForRun } from './evaluation-api.util';
import { childEnv, cliJson, sleep, WorkerProcess } from './processes.util';

/**
 * Real run-to-failure data (NASA C-MAPSS FD001, 100 engines): the raw one-engine anomaly model
 * keeps nearly every engine out. The advice for that run must recommend a remedy that brings most
 * engines into scope, and an evaluation of the recommended version, asked for separately over the
 * whole fleet, must confirm it engine by engine.
 */
const FD001 = path.resolve(__dirname, '../../../shared/data/cmapss/train_FD001.txt');
const SENSORS = [2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21].map((i) => `cmapss_s${i}`);
const describeWithData = fs.existsSync(FD001) ? describe : describe.skip;
// The longest FD001 engine runs 362 cycles (one an hour): 16 days from the start cover every engine.
const PERIOD = { from: '2020-01-01T00:00:00Z', to: '2020-01-17T00:00:00Z' };

jest.setTimeout(1_200_000);

describeWithData('C-MAPSS FD001: advice for the raw one-engine model (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  let raw: ReportView;
  let advice: AdviceView;

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    await cliJson(['import', 'cmapss', FD001], childEnv(env));
    const dir = path.join(env.FLEETGATE_DATA_DIR, 'models', 'cmapss-raw');
    // Cycles 1..50 of engine 1.
    await cliJson(
      ['train', '--machine', 'FD001-001', '--from', PERIOD.from, '--to', '2020-01-03T02:00:00Z', '--task', 'anomaly-score'].concat([
        '--signals',
        SENSORS.join(','),
        '--out',
        dir,
        '--name',
        'cmapss-raw',
      ]),
      childEnv(env),
    );
    const version = await registerModel(api.url, api.tokens.mle, dir);
    worker = new WorkerProcess({ ...childEnv(env), WORKER_CONCURRENCY: '2' });
    await worker.waitUntilStarted();
    const started = await ok<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', { modelVersionId: version.id, ...PERIOD });
    const run = await waitForRun(api.url, api.tokens.rel, started.id);
    raw = await ok<ReportView>(api.url, api.tokens.rel, 'GET', `/evaluations/${run.id}/report`);
    advice = await ok<AdviceView>(api.url, api.tokens.rel, 'POST', `/evaluations/${run.id}/advice`, {});
    while (advice.status !== 'done' && advice.status !== 'failed') {
      await sleep(1000);
      advice = await ok<AdviceView>(api.url, api.tokens.rel, 'GET', `/evaluations/${run.id}/advice`);
    }
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('recommends a remedy that brings most engines into scope', () => {
    expect(raw.validatedScope.assetIds.length).toBeLessThan(5);
    expect(advice.status).toBe('done');
    const s = advice.summary!;
    expect(s.leftOut.machines).toBeGreaterThan(90);
    const best = s.remedies[0];
    expect(s.recommended).toBe(best.remedy);
    expect(best.figures!.broughtIntoScope.length).toBeGreaterThan(50);
    // One labelled failure per engine: the recall interval is over the engines it brings in.
    expect(best.figures!.recall.of).toBe(best.figures!.broughtIntoScope.length);
    expect(best.figures!.recall.estimate!).toBeGreaterThanOrEqual(0.8);
  });

  it('is confirmed by an evaluation of the recommended version over the whole fleet, engine by engine', async () => {
    const best = advice.summary!.remedies[0];
    const res = await call<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', {
      modelVersionId: best.modelVersionId,
      ...PERIOD,
      ...(best.thresholds === 'per-machine' ? { thresholds: 'per-machine' } : {}),
    });
    expect(res.status).toBe(202);
    const run = await waitForRun(api.url, api.tokens.rel, res.body.id);
    expect(run.status).toBe('completed');
    const results = await allMachineResults(api.url, api.tokens.rel, run.id);
    const leftOut = new Set(advice.summary!.leftOut.assetIds);
    const inScope = results.filter((r) => leftOut.has(r.assetId) && r.verdict === 'generalizes').map((r) => r.assetId);
    expect(inScope.sort()).toEqual(best.figures!.broughtIntoScope);
  });
});
