import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { allMachineResults, call, MachineResultView, ok, registerModel, ReportView, RunView, waitForRun } from './evaluation-api.util';
import { childEnv, cliJson, WorkerProcess } from './processes.util';
import { FleetTruthView } from './sim-fleet.util';

/**
 * Leakage: a model trained on the pilot and a stratified sample of the fleet
 * (`train --machine <pilot> --sample-per-segment 1`) is evaluated over the whole fleet. Every
 * training machine must come back `training` — listed with its figures, outside the validated
 * scope and every segment figure — and no gate rule may count it, in numerator or denominator;
 * a validated-scope promotion still deploys it (a pilot keeps its model).
 *
 * Seed 41: a seed nobody tuned anything on.
 */
const MACHINES = 40;
const DAYS = 20;
const SEED = 41;

jest.setTimeout(600_000);

interface Trained {
  machineIds: string[];
}

interface PromotionView {
  id: string;
  scope: { kind: string; machines: number; assetIds: string[] };
  ruleResults: Array<{ id: string; kind: string; value: number | null; outcome: string; detail: string }>;
}

describe('a fleet-trained version: its training machines are no evidence (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess | undefined;
  let training: string[];
  let truth: FleetTruthView;
  let run: RunView;
  let report: ReportView & {
    segments: Array<{ dimension: string; value: string; machines: number; evaluated: number; validated: number; verdicts: Record<string, number> }>;
  };
  let results: MachineResultView[];
  let versionId: string;

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    const procEnv = childEnv(env);
    const truthFile = path.join(env.FLEETGATE_DATA_DIR, 'truth.json');
    await cliJson(['simulate', '--machines', String(MACHINES), '--days', String(DAYS), '--seed', String(SEED), '--truth', truthFile], procEnv);
    truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as FleetTruthView;
    const dir = path.join(env.FLEETGATE_DATA_DIR, 'models', 'fleet');
    const trained = await cliJson<Trained>(
      [
        'train',
        '--machine',
        truth.pilotAssetId,
        '--sample-per-segment',
        '1',
        '--lookback',
        `${DAYS}d`,
        '--task',
        'anomaly-score',
        '--out',
        dir,
        '--name',
        'fleet-anomaly',
      ],
      procEnv,
    );
    training = trained.value.machineIds;
    const version = await registerModel(api.url, api.tokens.mle, dir);
    versionId = version.id;
    worker = new WorkerProcess(procEnv);
    await worker.waitUntilStarted();
    const started = await call<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', { modelVersionId: version.id, lookback: `${DAYS}d` });
    expect(started.status).toBe(202);
    run = await waitForRun(api.url, api.tokens.rel, started.body.id);
    report = JSON.parse((await call<ReportView>(api.url, api.tokens.rel, 'GET', `/evaluations/${run.id}/report`)).text);
    results = await allMachineResults(api.url, api.tokens.rel, run.id);
  }, 900_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('records every training machine, the pilot first, in the version', async () => {
    // The simulator's fleet has several machine models × age bands: the draw adds one machine from each.
    expect(training[0]).toBe(truth.pilotAssetId);
    expect(training.length).toBeGreaterThanOrEqual(4);
    const v = await ok<{ provenance: { machineIds: string[] }; manifest: { training: { machineIds: string[] } } }>(
      api.url,
      api.tokens.mle,
      'GET',
      `/model-versions/${versionId}`,
    );
    expect(v.provenance.machineIds).toEqual(training);
    expect(v.manifest.training.machineIds).toEqual(training);
  });

  it('lists exactly the training machines as `training`, scored, with what their figures would say held out', () => {
    expect(run.status).toBe('completed');
    const verdictOf = new Map(results.map((r) => [r.assetId, r]));
    for (const assetId of training) {
      const r = verdictOf.get(assetId)!;
      expect(`${assetId}: ${r.verdict}`).toBe(`${assetId}: training`);
      expect(r.result!.reasons[1]).toMatch(/^as a held-out machine its figures would read /);
    }
    expect(
      results
        .filter((r) => r.verdict === 'training')
        .map((r) => r.assetId)
        .sort(),
    ).toEqual([...training].sort());
    expect(report.counts.verdicts.training).toBe(training.length);
  });

  it('keeps them out of the validated scope and out of every segment figure', () => {
    expect(report.validatedScope.assetIds.filter((a) => training.includes(a))).toEqual([]);
    expect(
      report.validatedScope.excluded
        .filter((e) => e.verdict === 'training')
        .map((e) => e.assetId)
        .sort(),
    ).toEqual([...training].sort());
    for (const s of report.segments) {
      const trainingHere = s.verdicts.training ?? 0;
      const judged = Object.entries(s.verdicts)
        .filter(([v]) => v !== 'training')
        .reduce((a, [, n]) => a + n, 0);
      expect({ segment: `${s.dimension}=${s.value}`, evaluated: s.evaluated }).toEqual({ segment: `${s.dimension}=${s.value}`, evaluated: judged });
      expect(s.machines).toBe(judged + trainingHere);
    }
  });

  it('counts no training machine in any rule of a fleet-wide request', async () => {
    const fleetWide = await ok<PromotionView>(api.url, api.tokens.mle, 'POST', '/promotions', {
      modelVersionId: versionId,
      targetStage: 'staging',
      scope: 'fleet',
      evidenceRunId: run.id,
      justification: 'leakage test',
    });
    expect(fleetWide.scope.machines).toBe(MACHINES);
    const evaluated = fleetWide.ruleResults.find((r) => r.kind === 'evaluated-share')!;
    expect(evaluated.detail).toBe(
      `${MACHINES - training.length} of ${MACHINES - training.length} scope machines evaluated (${training.length} training machine(s) of the version not counted)`,
    );
    const generalizes = fleetWide.ruleResults.find((r) => r.kind === 'generalizes-share')!;
    expect(generalizes.value).toBeCloseTo(report.validatedScope.assetIds.length / (MACHINES - training.length), 12);
    for (const r of fleetWide.ruleResults) expect(r.detail).toContain(`(${training.length} training machine(s) of the version not counted)`);
  });

  it('deploys them with a validated-scope promotion, judged on the validated machines alone', async () => {
    const validated = report.validatedScope.assetIds;
    const p = await ok<PromotionView>(api.url, api.tokens.mle, 'POST', '/promotions', {
      modelVersionId: versionId,
      targetStage: 'staging',
      scope: 'validated-scope',
      evidenceRunId: run.id,
      justification: 'leakage test',
    });
    expect([...p.scope.assetIds].sort()).toEqual([...validated, ...training].sort());
    const generalizes = p.ruleResults.find((r) => r.kind === 'generalizes-share')!;
    expect(generalizes).toMatchObject({ value: 1 });
    expect(generalizes.detail).toBe(
      `${validated.length} of ${validated.length} evaluated scope machines generalize (${training.length} training machine(s) of the version not counted)`,
    );
  });
});
