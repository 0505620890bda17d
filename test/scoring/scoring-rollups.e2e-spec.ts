import * as fs from 'node:fs';
import { Queue } from 'bullmq';
import { redisOptions, SCORING_QUEUE } from '@fleetgate/queue';
import { scoringRound } from './scoring-round.util';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { ok, registerModel, RunView, waitForRun } from '../evaluation/evaluation-api.util';
import { childEnv, withWorker } from '../evaluation/processes.util';
import { simulateAndTrain, withSchema } from '../evaluation/sim-fleet.util';

/**
 * Production scoring reads a deployment's windows from the hourly rollups where the evaluation
 * would (an un-normalised version on whole hours): the same scores as from the samples. A fleet
 * (12 machines × 10 days, seed 53) is evaluated on its first 7 days and promoted whole; one round
 * scores the last 3 days from the samples (FLEETGATE_EVALUATION_READS=samples), the scoring state
 * is cleared, the raw samples of every day but the last are pruned as raw retention prunes them
 * (zero bytes, rollups kept), and a second round scores them again from the rollups — which the
 * samples path could no longer read. Every stored score and every machine's health must match.
 */
const MACHINES = 12;
const DAYS = 10;
const SEED = 53;
const DAY = 86_400_000;

jest.setTimeout(600_000);

describe('production scoring from hourly rollups = from samples (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let queue: Queue;
  let lastDay: number;

  const scores = () =>
    withSchema(env, (q) =>
      q(`SELECT m.asset_id, s.window_end_ms, s.score, s.threshold, s.beyond, s.healthy
           FROM machine_scores s JOIN machines m ON m.id = s.machine_id ORDER BY m.asset_id, s.window_end_ms`),
    );
  const health = () =>
    withSchema(env, (q) =>
      q(`SELECT m.asset_id, h.state, h.reason, h.score, h.window_end_ms, h.quality_grade
           FROM machine_health h JOIN machines m ON m.id = h.machine_id ORDER BY m.asset_id`),
    );

  const roundWith = (reads: 'samples' | 'rollups') =>
    withWorker(childEnv(env, { FLEETGATE_EVALUATION_READS: reads, FLEETGATE_SCORING_INTERVAL: '24h' }), () => scoringRound(api.url, api.tokens.rel, queue));

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    const fleet = await simulateAndTrain(env, childEnv(env), { machines: MACHINES, days: DAYS, seed: SEED });
    const version = await registerModel(api.url, api.tokens.mle, fleet.modelDir);
    const span = await withSchema(env, async (q) => (await q('SELECT MIN(first_ms) AS f, MAX(last_ms) AS l FROM telemetry_series'))[0]);
    const startMs = Math.floor(Number(span.f) / DAY) * DAY;
    lastDay = Math.floor(Number(span.l) / DAY) * DAY;
    const started = await ok<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', {
      modelVersionId: version.id,
      from: new Date(startMs).toISOString(),
      to: new Date(startMs + 7 * DAY).toISOString(),
    });
    const run = await withWorker(childEnv(env, { FLEETGATE_SCORING_INTERVAL: '24h' }), () => waitForRun(api.url, api.tokens.rel, started.id));
    const { machines } = await ok<{ machines: Array<{ assetId: string }> }>(api.url, api.tokens.admin, 'GET', '/fleet/coverage');
    const requested = await ok<{ id: string; blocking: string[] }>(api.url, api.tokens.mle, 'POST', '/promotions', {
      modelVersionId: version.id,
      targetStage: 'production',
      scope: 'assets',
      assetIds: machines.map((m) => m.assetId),
      evidenceRunId: run.id,
      justification: 'scoring from rollups test',
    });
    const waivers = requested.blocking.map((ruleId) => ({ ruleId, justification: 'test fleet' }));
    await ok(api.url, api.tokens.rel, 'POST', `/promotions/${requested.id}/approve`, { waivers, owner: 'rel' });
    queue = new Queue(SCORING_QUEUE, { connection: redisOptions(env.REDIS_URL), prefix: env.FLEETGATE_QUEUE_PREFIX });
  }, 900_000);

  afterAll(async () => {
    await queue?.close();
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('stores the same scores and health from the rollups, with the scored days raw samples pruned', async () => {
    await roundWith('samples');
    const fromSamples = { scores: await scores(), health: await health() };
    // Three days of hourly windows per machine, some beyond the threshold: something to compare.
    expect(fromSamples.scores.length).toBeGreaterThan(MACHINES * 2 * 24);
    expect(fromSamples.scores.some((s) => s.beyond)).toBe(true);
    expect(new Set(fromSamples.health.map((h) => h.state)).size).toBeGreaterThanOrEqual(2);

    // The round's jobs are named by machine and data end: the first round's, kept as completed, would stand for the second's.
    await queue.clean(0, 10_000, 'completed');
    await withSchema(env, async (q) => {
      await q('DELETE FROM alarms');
      await q('DELETE FROM machine_scores');
      await q('DELETE FROM machine_health');
      // What raw retention does to a day (its rollup stays): the last day keeps its samples for the quality grade.
      const pruned = await q(`UPDATE telemetry_chunks SET samples = ''::bytea WHERE day < $1 AND hours IS NOT NULL RETURNING 1`, [lastDay]);
      expect(pruned.length).toBeGreaterThan(MACHINES * 8 * 2);
    });
    await roundWith('rollups');
    expect(await scores()).toEqual(fromSamples.scores);
    expect(await health()).toEqual(fromSamples.health);
  });
});
