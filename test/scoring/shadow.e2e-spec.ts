import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import { redisOptions, SCORING_QUEUE } from '@fleetgate/queue';
import { scoringRound } from './scoring-round.util';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { call, ok, registerModel, RunView, waitForRun } from '../evaluation/evaluation-api.util';
import { childEnv, cliJson, runCli, WorkerProcess } from '../evaluation/processes.util';
import { simulateAndTrain, SimFleet, withSchema } from '../evaluation/sim-fleet.util';

/**
 * Shadow mode end to end: a small simulated fleet, the pilot model promoted to a few machines;
 * a second version (the same network with a lower threshold) shadows production on some of them.
 * A scoring round scores both on the same windows; the report compares them; a policy with a
 * `shadow` rule refuses the candidate's production promotion while the shadow is too short.
 */
const MACHINES = 16;
const DAYS = 30;
const SEED = 37;
const DAY = 86_400_000;
const PROMOTED = 6;

jest.setTimeout(900_000);

interface Agreement {
  windows: number;
  both: number;
  productionOnly: number;
  candidateOnly: number;
  neither: number;
  agreement: number | null;
  rankCorrelation: number | null;
  failures: { failures: number; production: number; candidate: number };
}
interface ShadowView {
  id: string;
  candidateVersionId: string;
  machineIds: string[];
  stoppedAt: string | null;
  days: number;
  overall: Agreement;
  machines: Array<Agreement & { assetId: string; machineModel: string; site: string }>;
  segments: Array<Agreement & { machineModel: string; site: string; machines: number }>;
}

describe('shadow mode (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  let fleet: SimFleet;
  let queue: Queue;
  let production: { id: string };
  let candidate: { id: string };
  let candidateRun: RunView;
  let promoted: string[];
  let shadowed: string[];
  let startMs: number;

  const rel = () => api.tokens.rel;

  const round = () => scoringRound(api.url, rel(), queue);

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    const procEnv = childEnv(env);
    fleet = await simulateAndTrain(env, procEnv, { machines: MACHINES, days: DAYS, seed: SEED });
    production = await registerModel(api.url, api.tokens.mle, fleet.modelDir);
    // The candidate: the same network with a lower threshold, so its scores match production's and its alarms differ.
    const candidateDir = path.join(env.FLEETGATE_DATA_DIR, 'models', 'pump-anomaly-low');
    fs.mkdirSync(candidateDir, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(fleet.modelDir, 'fleetgate.model.json'), 'utf8'));
    manifest.output.threshold = manifest.output.threshold * 0.8;
    fs.writeFileSync(path.join(candidateDir, 'fleetgate.model.json'), JSON.stringify(manifest));
    fs.copyFileSync(path.join(fleet.modelDir, 'model.onnx'), path.join(candidateDir, 'model.onnx'));
    candidate = await registerModel(api.url, api.tokens.mle, candidateDir);

    const spanStart = await withSchema(env, async (q) => Number((await q('SELECT MIN(first_ms) AS s FROM telemetry_series'))[0].s));
    startMs = Math.floor(spanStart / DAY) * DAY;
    const cut = startMs + 20 * DAY;
    worker = new WorkerProcess({ ...procEnv, WORKER_CONCURRENCY: '2', FLEETGATE_SCORING_INTERVAL: '24h' });
    await worker.waitUntilStarted();
    const range = { from: new Date(startMs).toISOString(), to: new Date(cut).toISOString() };
    const started = await ok<RunView>(api.url, rel(), 'POST', '/evaluations', { modelVersionId: production.id, ...range });
    const run = await waitForRun(api.url, rel(), started.id);
    const candidateStarted = await ok<RunView>(api.url, rel(), 'POST', '/evaluations', { modelVersionId: candidate.id, ...range });
    candidateRun = await waitForRun(api.url, rel(), candidateStarted.id);
    const pilot = fleet.truth.pilotAssetId;
    promoted = fleet.truth.machines
      .map((m) => m.assetId)
      .filter((a) => a !== pilot)
      .slice(0, PROMOTED);
    shadowed = promoted.slice(0, 3);
    const requested = await ok<{ id: string; blocking: string[] }>(api.url, api.tokens.mle, 'POST', '/promotions', {
      modelVersionId: production.id,
      targetStage: 'production',
      scope: 'assets',
      assetIds: promoted,
      evidenceRunId: run.id,
      justification: 'shadow test',
    });
    const waivers = requested.blocking.map((ruleId) => ({ ruleId, justification: 'test fleet' }));
    await ok(api.url, rel(), 'POST', `/promotions/${requested.id}/approve`, { waivers, owner: 'rel' });
    queue = new Queue(SCORING_QUEUE, { connection: redisOptions(env.REDIS_URL), prefix: env.FLEETGATE_QUEUE_PREFIX });
  }, 900_000);

  afterAll(async () => {
    await queue?.close();
    await worker?.stop();
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  let shadow: ShadowView;

  it('refuses a shadow without machines or of an unknown version, naming the field', async () => {
    const none = await call(api.url, rel(), 'POST', '/shadows', { candidateVersionId: candidate.id });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('machineIds');
    const unknown = await call(api.url, rel(), 'POST', '/shadows', { candidateVersionId: 'no-such-version', assetIds: shadowed });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('candidateVersionId');
    const pm = await call(api.url, api.tokens.pm, 'POST', '/shadows', { candidateVersionId: candidate.id, assetIds: shadowed });
    expect(pm.status).toBe(403);
  });

  it('scores the candidate on the same windows as production and reports their agreement', async () => {
    shadow = await ok<ShadowView>(api.url, api.tokens.mle, 'POST', '/shadows', { candidateVersionId: candidate.id, assetIds: shadowed });
    expect(shadow.overall.windows).toBe(0);
    const again = await call(api.url, rel(), 'POST', '/shadows', { candidateVersionId: candidate.id, assetIds: shadowed.slice(0, 1) });
    expect(again.status).toBe(409);
    await round();
    shadow = await ok<ShadowView>(api.url, rel(), 'GET', `/shadows/${shadow.id}`);
    expect(shadow.overall.windows).toBeGreaterThan(0);
    expect(shadow.machines.map((m) => m.assetId).sort()).toEqual([...shadowed].sort());
    for (const m of [shadow.overall, ...shadow.machines, ...shadow.segments]) {
      expect(m.both + m.productionOnly + m.candidateOnly + m.neither).toBe(m.windows);
      if (m.windows) expect(m.agreement).toBeCloseTo((m.both + m.neither) / m.windows, 12);
    }
    expect(shadow.segments.reduce((n, s) => n + s.windows, 0)).toBe(shadow.overall.windows);
    // Same network, same preparation, same windows: the scores are production's, so their ranks agree exactly.
    expect(shadow.overall.rankCorrelation).toBeCloseTo(1, 9);
    const rows = await withSchema(env, (q) =>
      q(
        `SELECT s.window_end_ms, s.candidate_score, p.score FROM shadow_scores s
         LEFT JOIN machine_scores p ON p.machine_id = s.machine_id AND p.window_end_ms = s.window_end_ms AND p.model_version_id = s.production_version_id
         WHERE s.shadow_id = '${shadow.id}'`,
      ),
    );
    expect(rows.length).toBe(shadow.overall.windows);
    for (const r of rows) {
      expect(r.score).not.toBeNull();
      expect(Math.abs(Number(r.candidate_score) - Number(r.score))).toBeLessThan(1e-6);
    }
    // A lower threshold alarms at least as often: the candidate never misses a window production flags beyond.
    const candidateBeyond = await withSchema(env, async (q) =>
      Number((await q(`SELECT COUNT(*) AS n FROM shadow_scores WHERE shadow_id = '${shadow.id}' AND candidate_beyond = true`))[0].n),
    );
    const productionBeyond = await withSchema(env, async (q) =>
      Number(
        (
          await q(
            `SELECT COUNT(*) AS n FROM shadow_scores s JOIN machine_scores p ON p.machine_id = s.machine_id AND p.window_end_ms = s.window_end_ms
             AND p.model_version_id = s.production_version_id WHERE s.shadow_id = '${shadow.id}' AND p.beyond = true`,
          )
        )[0].n,
      ),
    );
    expect(candidateBeyond).toBeGreaterThanOrEqual(productionBeyond);
    // The shadow never raised an alarm of its own.
    const alarmsByCandidate = await withSchema(env, async (q) =>
      Number((await q(`SELECT COUNT(*) AS n FROM alarms WHERE model_version_id = '${candidate.id}'`))[0].n),
    );
    expect(alarmsByCandidate).toBe(0);
    // The CLI reads the same report (`fleetgate shadow show`).
    const shown = await cliJson<ShadowView>(['shadow', 'show', shadow.id], { ...childEnv(env), FLEETGATE_URL: api.url, FLEETGATE_TOKEN: rel() });
    expect(shown.value.overall.windows).toBe(shadow.overall.windows);
    const text = await runCli(['shadow', 'show', shadow.id], { ...childEnv(env), FLEETGATE_URL: api.url, FLEETGATE_TOKEN: rel() });
    expect(text.stdout).toMatch(new RegExp(`^all\\s+${shadow.overall.windows}\\s`, 'm'));
  });

  it('a policy with a shadow rule refuses the candidate’s production promotion without enough shadow days', async () => {
    await ok(api.url, rel(), 'POST', '/gate/policies', {
      name: 'shadowed',
      maxEvidenceAgeHours: 720,
      rules: [{ id: 'shadow', kind: 'shadow', threshold: 0.5, minDays: 7 }],
    });
    await ok(api.url, api.tokens.rel2, 'POST', '/gate/policies/shadowed/versions/1/approve', {});
    const requested = await ok<{ outcome: string; blocking: string[]; ruleResults: Array<{ id: string; outcome: string; detail: string }> }>(
      api.url,
      api.tokens.mle,
      'POST',
      '/promotions',
      {
        policy: 'shadowed',
        modelVersionId: candidate.id,
        targetStage: 'production',
        scope: 'assets',
        assetIds: shadowed,
        evidenceRunId: candidateRun.id,
        justification: 'replace production after a shadow',
      },
    );
    expect(requested.outcome).toBe('fail');
    expect(requested.blocking).toEqual(['shadow']);
    expect(requested.ruleResults[0]).toMatchObject({ id: 'shadow', outcome: 'insufficient-evidence' });
    expect(requested.ruleResults[0].detail).toMatch(/of 7 days of shadow/);
  });

  it('stops a shadow once', async () => {
    const stopped = await ok<ShadowView>(api.url, rel(), 'POST', `/shadows/${shadow.id}/stop`, {});
    expect(stopped.stoppedAt).not.toBeNull();
    expect((await call(api.url, rel(), 'POST', `/shadows/${shadow.id}/stop`, {})).status).toBe(409);
  });
});
