import type { AdviceView } from '@fleetgate/advice';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { allMachineResults, call, ok, registerModel, ReportView, RunView, waitForRun } from './evaluation-api.util';
import { childEnv, sleep, WorkerProcess } from './processes.util';
import { simulateAndTrain } from './sim-fleet.util';

/**
 * Adaptation advice end to end: a simulated fleet (60 machines × 30 days), the raw pilot model
 * evaluated over it, then `POST /api/evaluations/:id/advice`. The worker trains and registers the
 * per-machine-baseline and fleet-trained variants and evaluates every remedy over the machines the
 * run left out; the summary says, per remedy and segment, how many more machines each covers.
 */
jest.setTimeout(900_000);

describe('adaptation advice for the machines a run left out (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  let run: RunView;
  let report: ReportView;
  let advice: AdviceView;

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    const fleet = await simulateAndTrain(env, childEnv(env), { machines: 60, days: 30, seed: 11 });
    const version = await registerModel(api.url, api.tokens.mle, fleet.modelDir);
    worker = new WorkerProcess({ ...childEnv(env), WORKER_CONCURRENCY: '2' });
    await worker.waitUntilStarted();
    const started = await ok<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', { modelVersionId: version.id, lookback: '30d' });
    run = await waitForRun(api.url, api.tokens.rel, started.id);
    report = await ok<ReportView>(api.url, api.tokens.rel, 'GET', `/evaluations/${run.id}/report`);
    const asked = await call<AdviceView>(api.url, api.tokens.rel, 'POST', `/evaluations/${run.id}/advice`, { samplePerSegment: 1 });
    expect(asked.status).toBe(202);
    expect(asked.body.status).toBe('queued');
    for (advice = asked.body; advice.status !== 'done' && advice.status !== 'failed'; await sleep(500)) {
      advice = await ok<AdviceView>(api.url, api.tokens.rel, 'GET', `/evaluations/${run.id}/advice`);
    }
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const remedy = (name: string) => advice.summary!.remedies.find((r) => r.remedy === name)!;

  it('is about exactly the machines outside the validated scope', () => {
    expect(advice.status).toBe('done');
    const leftOut = report.validatedScope.excluded.filter((e) => e.verdict !== 'training' && e.verdict !== 'failed').map((e) => e.assetId);
    expect(leftOut.length).toBeGreaterThan(10);
    expect(advice.summary!.leftOut.assetIds).toEqual([...leftOut].sort());
  });

  it('evaluates each applicable remedy over the left-out machines only, with the variants registered as versions', async () => {
    const tried = advice.summary!.remedies.filter((r) => r.applies);
    expect(tried.map((r) => r.remedy).sort()).toEqual(['fleet-trained', 'per-machine-baseline', 'per-machine-baseline+threshold']);
    expect(remedy('per-machine-threshold')).toMatchObject({ applies: false });
    expect(remedy('per-regime')).toMatchObject({ applies: false, reason: expect.stringContaining('regimeSignals') });
    for (const r of tried) {
      expect(r.runId).toBeTruthy();
      const results = await allMachineResults(api.url, api.tokens.rel, r.runId!);
      expect(results.map((m) => m.assetId).sort()).toEqual(advice.summary!.leftOut.assetIds);
    }
    expect(remedy('per-machine-baseline').label).toBe('pump-anomaly-per-machine-baseline@1');
    expect(remedy('per-machine-baseline+threshold')).toMatchObject({
      modelVersionId: remedy('per-machine-baseline').modelVersionId,
      cost: 'new-version+deployment-setting',
    });
    expect(remedy('fleet-trained').label).toBe('pump-anomaly-fleet-trained@1');
  });

  it('names, per segment, how many more machines the per-machine baseline covers, with recall and alarm-rate intervals', () => {
    const f = remedy('per-machine-baseline').figures!;
    expect(f.broughtIntoScope.length).toBeGreaterThan(0);
    expect(f.alarmRate.of).toBeGreaterThan(0);
    expect(f.alarmRate.low!).toBeLessThanOrEqual(f.alarmRate.estimate!);
    expect(f.alarmRate.estimate!).toBeLessThanOrEqual(f.alarmRate.high!);
    const segments = remedy('per-machine-baseline').segments;
    for (const dimension of ['machineModel', 'ageBand', 'site']) {
      const rows = segments.filter((s) => s.dimension === dimension);
      expect(rows.reduce((a, s) => a + s.leftOut, 0)).toBe(advice.summary!.leftOut.machines);
      expect(rows.reduce((a, s) => a + s.broughtIntoScope.length, 0)).toBe(f.broughtIntoScope.length);
    }
    expect(advice.summary!.recommended).toBe(advice.summary!.remedies[0].remedy);
  });

  it('never counts a fleet-trained variant’s training machines as evidence for it', async () => {
    const r = remedy('fleet-trained');
    // The pilot and one drawn machine per left-out segment.
    expect(r.trainingMachines.length).toBeGreaterThan(1);
    const drawn = r.trainingMachines.slice(1);
    expect(drawn.every((a) => advice.summary!.leftOut.assetIds.includes(a))).toBe(true);
    expect(r.figures!.training.sort()).toEqual([...drawn].sort());
    expect(r.figures!.broughtIntoScope.some((a) => drawn.includes(a))).toBe(false);
    const results = await allMachineResults(api.url, api.tokens.rel, r.runId!);
    for (const a of drawn) expect({ a, verdict: results.find((m) => m.assetId === a)?.verdict }).toEqual({ a, verdict: 'training' });
  });

  it('refuses bad requests naming the field, and a run it cannot advise on', async () => {
    const bad = await call<{ message: string }>(api.url, api.tokens.rel, 'POST', `/evaluations/${run.id}/advice`, { samplePerSegment: 0 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('samplePerSegment');
    const badBaseline = await call(api.url, api.tokens.rel, 'POST', `/evaluations/${run.id}/advice`, { baseline: 'two weeks' });
    expect(badBaseline.status).toBe(400);
    expect(badBaseline.text).toContain('baseline');
    expect((await call(api.url, api.tokens.rel, 'POST', '/evaluations/00000000-0000-4000-8000-000000000000/advice', {})).status).toBe(404);
    expect((await call(api.url, api.tokens.pm, 'GET', `/evaluations/${run.id}/advice`)).status).toBe(403);
  });
});
