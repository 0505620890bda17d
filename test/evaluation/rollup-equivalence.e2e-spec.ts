import * as fs from 'node:fs';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { allMachineResults, call, comparableReport, MachineResultView, registerModel, RunView, waitForRun } from './evaluation-api.util';
import { childEnv, withWorker } from './processes.util';
import { simulateAndTrain, withSchema } from './sim-fleet.util';

/**
 * The evaluation reads hourly rollups where they give the same figures; this holds it to that on a
 * simulated fleet (the demo's simulator, smaller): one run on the raw samples
 * (FLEETGATE_EVALUATION_READS=samples), one on the rollups — with some days stored before rollups
 * existed (their hours summarised from the samples on the way) — and every machine's assessment
 * and the fleet report must be identical.
 */
const MACHINES = 40;
const DAYS = 30;
const SEED = 41;

jest.setTimeout(600_000);

type Result = MachineResultView & { result: (MachineResultView['result'] & { reads?: { from: string; why?: string } }) | null };

describe('evaluation from hourly rollups = evaluation from samples (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let versionId: string;

  let period: { from: string; to: string };

  function evaluateWith(reads: 'samples' | 'rollups'): Promise<{ report: unknown; results: Result[] }> {
    return withWorker(childEnv(env, { FLEETGATE_EVALUATION_READS: reads }), async () => {
      const res = await call<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', { modelVersionId: versionId, lookback: `${DAYS}d` });
      expect(res.status).toBe(202);
      const run = await waitForRun(api.url, api.tokens.rel, res.body.id);
      expect(run.status).toBe('completed');
      period = { from: run.from, to: run.to };
      const report = comparableReport((await call(api.url, api.tokens.rel, 'GET', `/evaluations/${run.id}/report`)).text);
      const results = (await allMachineResults(api.url, api.tokens.rel, run.id)) as Result[];
      return { report, results: results.sort((a, b) => a.assetId.localeCompare(b.assetId)) };
    });
  }

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    const fleet = await simulateAndTrain(env, childEnv(env), { machines: MACHINES, days: DAYS, seed: SEED });
    versionId = (await registerModel(api.url, api.tokens.mle, fleet.modelDir)).id;
  }, 900_000);

  afterAll(async () => {
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('gives every machine the same assessment and the fleet the same report', async () => {
    const samples = await evaluateWith('samples');
    // A third of the days as if stored before rollups existed: read from their samples, summarised on the way.
    const cleared = await withSchema(env, (q) => q('UPDATE telemetry_chunks SET hours = NULL WHERE (day / 86400000) % 3 = 0 RETURNING 1'));
    expect(cleared.length).toBeGreaterThan(MACHINES);
    const rollups = await evaluateWith('rollups');

    expect(samples.results.map((r) => r.result?.reads)).toEqual(samples.results.map(() => ({ from: 'samples', why: 'FLEETGATE_EVALUATION_READS=samples' })));
    expect(rollups.results.map((r) => r.result?.reads)).toEqual(rollups.results.map(() => ({ from: 'rollups' })));
    const verdicts = new Set(samples.results.map((r) => r.verdict));
    expect(verdicts.size).toBeGreaterThanOrEqual(3); // a fleet with something to tell apart
    const withoutReads = (rs: Result[]) => rs.map((r) => ({ ...r, result: r.result ? { ...r.result, reads: undefined } : null }));
    expect(withoutReads(rollups.results)).toEqual(withoutReads(samples.results));
    expect(rollups.report).toEqual(samples.report);
  });

  it('reads samples, and says why, where rollups do not fall on the windows', async () => {
    const res = await call<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', {
      modelVersionId: versionId,
      // Half an hour into the period: the windows no longer fall on the rollups' hours.
      from: new Date(Date.parse(period.from) + 1_800_000).toISOString(),
      to: period.to,
    });
    expect(res.status).toBe(202);
    await withWorker(childEnv(env), () => waitForRun(api.url, api.tokens.rel, res.body.id));
    const results = (await allMachineResults(api.url, api.tokens.rel, res.body.id)) as Result[];
    const reads = new Set(results.map((r) => JSON.stringify(r.result?.reads ?? null)));
    expect([...reads]).toEqual([JSON.stringify({ from: 'samples', why: 'the period does not start and end on whole hours' })]);
  });
});
