import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { allMachineResults, call, MachineResultView, registerModel, RunView, waitForRun } from './evaluation-api.util';
import { childEnv, cliJson, WorkerProcess } from './processes.util';
import { FleetTruthView } from './sim-fleet.util';

/**
 * The invariant: a pilot model evaluated on the data it was trained on is never
 * `out-of-domain` nor `degraded`. The pilot is the version's training machine, so its verdict is
 * `training` (never evidence); what its figures would read held out must be `generalizes`. Each case trains with the CLI's real trainer (default
 * options), registers through the api, and evaluates over the training period on a real worker.
 */
const TRAIN_FD001 = path.resolve(__dirname, '../../../shared/data/cmapss/train_FD001.txt');
const withCmapss = fs.existsSync(TRAIN_FD001) ? it : it.skip;

jest.setTimeout(600_000);

interface Trained {
  signals: string[];
  leftOutSignals: Array<{ signal: string; reason: string }>;
}

/** Loads data with `load`, trains `pilot` on its last `lookback` with default options, evaluates `assetIds` over the same look-back. */
async function evaluateOwnData(
  load: (procEnv: NodeJS.ProcessEnv, env: TestEnv) => Promise<{ pilot: string; assetIds: string[] }>,
  lookback: string,
  trainArgs: string[] = [],
) {
  const env = isolatedEnv();
  let api: TestApi | undefined;
  let worker: WorkerProcess | undefined;
  try {
    api = await startApi({ env });
    const procEnv = childEnv(env);
    const { pilot, assetIds } = await load(procEnv, env);
    const dir = path.join(env.FLEETGATE_DATA_DIR, 'models', 'pilot');
    const trained = await cliJson<Trained>(
      ['train', '--machine', pilot, '--lookback', lookback, '--task', 'anomaly-score', '--out', dir, '--name', 'pilot', ...trainArgs],
      procEnv,
    );
    const version = await registerModel(api.url, api.tokens.mle, dir);
    worker = new WorkerProcess(procEnv);
    await worker.waitUntilStarted();
    const res = await call<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', { modelVersionId: version.id, selection: { assetIds }, lookback });
    expect(res.status).toBe(202);
    const run = await waitForRun(api.url, api.tokens.rel, res.body.id);
    expect(run.status).toBe('completed');
    const results = await allMachineResults(api.url, api.tokens.rel, run.id);
    return { trained: trained.value, pilot: results.find((m: MachineResultView) => m.assetId === pilot)! };
  } finally {
    await worker?.stop();
    await api?.close();
    fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  }
}

async function simulated(procEnv: NodeJS.ProcessEnv, env: TestEnv, days: number, interval: string) {
  const truthFile = path.join(env.FLEETGATE_DATA_DIR, 'truth.json');
  await cliJson(['simulate', '--machines', '3', '--days', String(days), '--seed', '11', '--interval', interval, '--truth', truthFile], procEnv);
  const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as FleetTruthView;
  return { pilot: truth.pilotAssetId, assetIds: truth.machines.map((m) => m.assetId) };
}

/** The pilot's verdict: `training`, its figures reading `generalizes` held out. */
const HELD_OUT_GENERALIZES = /^training: a training machine of this version: .*; as a held-out machine its figures would read generalizes: /;

/** Names the verdict and its reasons when the invariant breaks. */
function verdictOf(m: MachineResultView): string {
  return m.status === 'done' ? `${m.verdict}: ${m.result!.reasons.join('; ')}` : `failed: ${m.error}`;
}

describe('a pilot evaluated on its own data (e2e)', () => {
  it('simulator, 1-minute data: training, reading generalizes held out', async () => {
    const { pilot } = await evaluateOwnData((procEnv, env) => simulated(procEnv, env, 20, '1m'), '20d');
    expect(verdictOf(pilot)).toMatch(HELD_OUT_GENERALIZES);
  });

  it('simulator, hourly data (--interval 1h): training, reading generalizes held out, with its windows of 6 readings', async () => {
    const { pilot } = await evaluateOwnData((procEnv, env) => simulated(procEnv, env, 40, '1h'), '40d');
    expect(verdictOf(pilot)).toMatch(HELD_OUT_GENERALIZES);
    expect(pilot.result!.coverage).toMatchObject({ missingSignals: [] });
  });

  withCmapss('C-MAPSS FD001 engine 1 with the default train options: its flat sensors are left out, and it is in its own domain', async () => {
    const { trained, pilot } = await evaluateOwnData(async (procEnv) => {
      await cliJson(['import', 'cmapss', TRAIN_FD001], procEnv);
      return { pilot: 'FD001-001', assetIds: ['FD001-001'] };
    }, '8d');
    // Constant over engine 1's life: setting 3 and sensors 1, 5, 10, 16, 18, 19; sensor 6 nearly so (21.61 in ≥ 99 % of cycles).
    const leftOut = trained.leftOutSignals.map((l) => l.signal).sort();
    expect(leftOut).toEqual(['cmapss_s1', 'cmapss_s10', 'cmapss_s16', 'cmapss_s18', 'cmapss_s19', 'cmapss_s5', 'cmapss_s6', 'op_setting_3'].sort());
    expect(trained.signals).toContain('cmapss_s17');
    expect(trained.signals.some((s) => leftOut.includes(s))).toBe(false);
    expect(verdictOf(pilot)).toMatch(HELD_OUT_GENERALIZES);
  });

  withCmapss('C-MAPSS FD001 engine 1 with --keep-flat-signals: its constant sensors equal its own constants, so it is still in domain', async () => {
    const { trained, pilot } = await evaluateOwnData(
      async (procEnv) => {
        await cliJson(['import', 'cmapss', TRAIN_FD001], procEnv);
        return { pilot: 'FD001-001', assetIds: ['FD001-001'] };
      },
      '8d',
      ['--keep-flat-signals'],
    );
    expect(trained.leftOutSignals).toEqual([]);
    expect(trained.signals).toEqual(expect.arrayContaining(['cmapss_s1', 'op_setting_3']));
    const flat = pilot.result!.domain.filter((d) => d.pilotFlat);
    expect(flat.map((d) => d.signal)).toContain('cmapss_s1');
    expect(flat.every((d) => d.levelShiftSigma === 0 && d.spreadRatio === 1)).toBe(true);
    expect(verdictOf(pilot)).toMatch(HELD_OUT_GENERALIZES);
  });
});
