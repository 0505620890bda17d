import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { call, registerModel, ReportView, RunView, waitForRun } from './evaluation-api.util';
import { childEnv, cliJson, WorkerProcess } from './processes.util';
import { GradeView } from './sim-fleet.util';

/**
 * Per-regime normalization on simulated multi-regime machines (three speed setpoints, ×0.85 / 1 /
 * 1.15 of nominal). The pilot runs the three regimes too (`--multi-regime-pilot`); one anomaly
 * model is trained on it raw, one per regime keyed on `speed`. Seed 29: nobody tuned on it.
 */
const MACHINES = 80;
const DAYS = 30;
const SEED = 29;

jest.setTimeout(900_000);

interface KindRow {
  segment: string;
  machines: number;
  inScopeWorks: number;
  inScopeFails: number;
  keptOutWorks: number;
  keptOutFails: number;
  borderlineWorks: number;
  borderlineFails: number;
}
type GradedMachine = { assetId: string; placement: string; failures: number; detected: number; segments: { kind: string } };
type Grade = Omit<GradeView, 'machinesGraded'> & { segments: { kind: KindRow[] }; machinesGraded: GradedMachine[] };

describe('per-regime normalization on multi-regime machines (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  let truthFile: string;
  const grades: Record<string, Grade> = {};
  const reports: Record<string, ReportView> = {};

  async function trainAndEvaluate(key: string, pilot: string, extra: string[]): Promise<void> {
    const dir = path.join(env.FLEETGATE_DATA_DIR, 'models', key);
    await cliJson(['train', '--machine', pilot, '--lookback', `${DAYS}d`, '--task', 'anomaly-score', '--out', dir, '--name', key, ...extra], childEnv(env));
    const version = await registerModel(api.url, api.tokens.mle, dir);
    const res = await call<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', { modelVersionId: version.id, lookback: `${DAYS}d` });
    expect(res.status).toBe(202);
    const run = await waitForRun(api.url, api.tokens.rel, res.body.id);
    expect(run.status).toBe('completed');
    reports[key] = (await call<ReportView>(api.url, api.tokens.rel, 'GET', `/evaluations/${run.id}/report`)).body;
    const env2 = { ...childEnv(env), FLEETGATE_URL: api.url, FLEETGATE_TOKEN: api.tokens.rel };
    grades[key] = (await cliJson<Grade>(['grade', run.id, '--truth', truthFile], env2)).value;
  }

  const kind = (key: string, k: string): KindRow => grades[key].segments.kind.find((s) => s.segment === k)!;

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    truthFile = path.join(env.FLEETGATE_DATA_DIR, 'truth.json');
    await cliJson(
      ['simulate', '--machines', String(MACHINES), '--days', String(DAYS), '--seed', String(SEED), '--multi-regime-pilot', '--truth', truthFile],
      childEnv(env),
    );
    const pilot = (JSON.parse(fs.readFileSync(truthFile, 'utf8')) as { pilotAssetId: string }).pilotAssetId;
    worker = new WorkerProcess({ ...childEnv(env), WORKER_CONCURRENCY: '2' });
    await worker.waitUntilStarted();
    await trainAndEvaluate('raw', pilot, []);
    await trainAndEvaluate('per-regime', pilot, ['--normalization', 'per-regime', '--regime-signals', 'speed']);
    await trainAndEvaluate('per-regime-baseline', pilot, ['--normalization', 'per-machine-baseline', '--regime-signals', 'speed']);
    if (process.env.FLEETGATE_E2E_TIMINGS)
      for (const key of Object.keys(grades))
        process.stderr.write(`${key}: ${JSON.stringify(grades[key].segments.kind)} precision ${JSON.stringify(grades[key].precision)}\n`);
  }, 1_200_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('the raw model keeps the multi-regime machines out', () => {
    const raw = kind('raw', 'multi-regime');
    expect(raw.machines).toBeGreaterThan(3);
    expect(raw.inScopeWorks + raw.inScopeFails).toBe(0);
  });

  it("the pilot's regime levels alone leave machine-to-machine level differences: per regime, few come in", () => {
    // Multi-regime machines differ from the pilot in level too; per-regime normalization removes the
    // regime, not the machine (its domain check is the raw one on regime-normalised signals).
    const k = kind('per-regime', 'multi-regime');
    expect(k.inScopeWorks + k.inScopeFails).toBeLessThan(k.machines);
    expect(grades['per-regime'].precision.value ?? 1).toBeGreaterThanOrEqual(0.95);
  });

  it('per-machine baselines within each regime bring most of them in, and work there', () => {
    const k = kind('per-regime-baseline', 'multi-regime');
    const inScope = k.inScopeWorks + k.inScopeFails;
    expect(inScope).toBeGreaterThanOrEqual(Math.ceil(k.machines / 2));
    expect(k.inScopeWorks / inScope).toBeGreaterThanOrEqual(0.9);
    expect(grades['per-regime-baseline'].precision.value).toBeGreaterThanOrEqual(0.95);
  });

  it('states the recall on the multi-regime machines it brought in: every planted failure, labelled or withheld', () => {
    const brought = grades['per-regime-baseline'].machinesGraded.filter((m) => m.segments.kind === 'multi-regime' && m.placement === 'in-scope');
    const failures = brought.reduce((n, m) => n + m.failures, 0);
    const detected = brought.reduce((n, m) => n + m.detected, 0);
    if (process.env.FLEETGATE_E2E_TIMINGS) process.stderr.write(`per-regime baselines: recall on multi-regime machines in scope ${detected} of ${failures}\n`);
    expect(failures).toBeGreaterThan(0);
    expect(detected / failures).toBeGreaterThanOrEqual(0.5);
    // The manifests record the regimes fitted on the pilot: three speed setpoints, speed not a model input.
    for (const key of ['per-regime', 'per-regime-baseline']) {
      const manifest = JSON.parse(fs.readFileSync(path.join(env.FLEETGATE_DATA_DIR, 'models', key, 'fleetgate.model.json'), 'utf8'));
      expect(manifest.normalization.regimes.regimes).toHaveLength(3);
      expect(manifest.signals).not.toContain('speed');
    }
  });
});
