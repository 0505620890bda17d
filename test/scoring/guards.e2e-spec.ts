import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import { redisOptions, SCORING_QUEUE } from '@fleetgate/queue';
import { scoringRound } from './scoring-round.util';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { call, ok, registerModel, RunView, waitForRun } from '../evaluation/evaluation-api.util';
import { childEnv, cliJson, sleep, WorkerProcess } from '../evaluation/processes.util';
import { simulateAndTrain, SimFleet, withSchema } from '../evaluation/sim-fleet.util';

/**
 * Guards end to end: the scoring test's simulated fleet (60 machines × 30 days, seed 37, run-ups
 * planted after day 21), evaluated on the first 20 days and promoted under `default`'s guarded
 * version (approved by a second person first), the pilot included. Before the first round:
 * - `shifted`: a model signal is re-imported through the CLI's CSV importer at a level far outside
 *   the pilot's for the last seven days, and its deployment's pinned threshold is raised so that
 *   the model never reacts (the case a guard exists for: the machine left the domain it was
 *   validated in, and the model does not notice). The round demotes it on `envelope`, to not covered;
 * - `replaced`: the same shift, on a machine where the promotion replaced an earlier version of the
 *   model that does not read that signal: it falls back to that version;
 * - `flooded`: short bursts of noise every 16 h make the model raise alarms that clear by themselves;
 *   once a person closes them as false alarms, the `alarm-rate` guard demotes it;
 * - `failing`: its level runs up over its last two days: it alarms and is not demoted.
 * A machine whose run-up raised its alarm is not demoted, and neither is the pilot on its own data.
 */
const MACHINES = 60;
const DAYS = 30;
const SEED = 37;
const DAY = 86_400_000;
const PROMOTED = 12;

jest.setTimeout(900_000);

interface HealthRow {
  assetId: string;
  state: string;
  reason: string | null;
}
interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
}
const HOOK_SECRET = 'guards-test-webhook-secret';

interface DeploymentRow {
  id: string;
  suspension_kind: string | null;
  guard_rule: string | null;
  guard_value: number | null;
  guard_limit: number | null;
  suspended_reason: string | null;
  active: boolean;
}

describe('guards demote a deployment whose machine left its envelope (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  let fleet: SimFleet;
  let queue: Queue;
  let promotionId: string;
  let shifted: string;
  let runUpAssets: string[];
  let demotedId: string;
  let failing: string;
  let replaced: string;
  let flooded: string;
  let pilot: string;
  let earlierVersionId: string;
  let promoted: string[];
  let startMs: number;
  let procEnv: NodeJS.ProcessEnv;
  let modelSignals: string[];
  let receiver: http.Server;
  const deliveries: Delivery[] = [];
  /** A second hook's deliveries: every other event the platform reports, from the real producers. */
  const everything: Delivery[] = [];

  const rel = () => api.tokens.rel;
  const health = async () => (await ok<{ machines: HealthRow[] }>(api.url, api.tokens.admin, 'GET', '/fleet/health')).machines;
  const deploymentOf = (assetId: string) =>
    withSchema(env, async (q) => {
      const rows = await q(
        `SELECT d.id, d.suspension_kind, d.guard_rule, d.guard_value, d.guard_limit, d.suspended_reason, d.active
           FROM deployments d JOIN machines m ON m.id = d.machine_id WHERE m.asset_id = $1 AND d.stage = 'production' ORDER BY d.created_at DESC`,
        [assetId],
      );
      return rows[0] as unknown as DeploymentRow;
    });

  /** Writes one raw tag of a machine through the CLI's CSV importer: `level(t)` every minute over [fromMs, toMs). */
  async function importLevel(assetId: string, signal: string, fromMs: number, toMs: number, level: (t: number) => number): Promise<void> {
    const points: Array<[number, number]> = [];
    for (let t = fromMs; t < toMs; t += 60_000) points.push([t, level(t)]);
    await importPoints(assetId, signal, points);
  }

  /** Writes the given minutes of one raw tag (the others keep what they hold). */
  async function importPoints(assetId: string, signal: string, points: Array<[number, number]>): Promise<void> {
    const tags = await ok<{ mapped: Array<{ rawTag: string; signal: string; conversion: unknown }> }>(api.url, rel(), 'GET', `/machines/${assetId}/tags`);
    const tag = tags.mapped.find((m) => m.signal === signal)!.rawTag;
    const lines = ['timestamp,' + tag, ...points.map(([t, v]) => `${new Date(t).toISOString()},${v.toFixed(4)}`)];
    const csv = path.join(env.FLEETGATE_DATA_DIR, `${assetId}-${points[0][0]}.csv`);
    fs.writeFileSync(csv, lines.join('\n') + '\n');
    await cliJson(['import', 'csv', csv, '--format', 'wide', '--machine', assetId, '--interval', '1m'], procEnv);
  }

  /** The machine's mean level of a signal over its whole history (from the plot endpoint). */
  async function meanLevel(assetId: string, signal: string): Promise<number> {
    const plot = await ok<{ signals: Record<string, { mean: Array<number | null> }> }>(api.url, rel(), 'GET', `/machines/${assetId}/telemetry?points=200`);
    const means = plot.signals[signal].mean.filter((x): x is number => x !== null);
    return means.reduce((a, b) => a + b, 0) / means.length;
  }

  /** Requests, approves (waiving what blocks: a test fleet) and returns a production promotion of `assetIds`. */
  async function promote(versionId: string, runId: string, assetIds: string[]): Promise<{ id: string; policy: { version: number } }> {
    const requested = await ok<{ id: string; blocking: string[]; policy: { version: number } }>(api.url, api.tokens.mle, 'POST', '/promotions', {
      modelVersionId: versionId,
      targetStage: 'production',
      scope: 'assets',
      assetIds,
      evidenceRunId: runId,
      justification: 'guards test',
    });
    const waivers = requested.blocking.map((ruleId) => ({ ruleId, justification: 'test fleet' }));
    await ok(api.url, rel(), 'POST', `/promotions/${requested.id}/approve`, { waivers, owner: 'rel' });
    return requested;
  }

  /** Polls until `probe` returns a value (the test's timeout bounds it). */
  async function until<T>(probe: () => Promise<T | null>): Promise<T> {
    for (;;) {
      const v = await probe();
      if (v !== null) return v;
      await sleep(200);
    }
  }

  const round = () => scoringRound(api.url, rel(), queue);

  beforeAll(async () => {
    // A local receiver for the demotion's webhook (private addresses allowed for the api and the worker).
    process.env.FLEETGATE_WEBHOOK_ALLOW_PRIVATE = 'true';
    receiver = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        (req.url === '/everything' ? everything : deliveries).push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    env = isolatedEnv();
    api = await startApi({ env });
    await ok(api.url, api.tokens.admin, 'POST', '/webhooks', {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/everything`,
      events: ['model-version.registered', 'evaluation.finished', 'promotion.requested', 'promotion.approved', 'promotion.rolled-back'].concat([
        'alarm.raised',
        'alarm.acknowledged',
        'alarm.closed',
      ]),
      secret: HOOK_SECRET,
    });
    procEnv = childEnv(env);
    fleet = await simulateAndTrain(env, procEnv, { machines: MACHINES, days: DAYS, seed: SEED });
    const truth = JSON.parse(fs.readFileSync(fleet.truthFile, 'utf8')) as {
      machines: Array<{ assetId: string; inDomain: boolean; isPilot: boolean; failures: Array<{ onset: string; failure: string; labelled: boolean }> }>;
    };
    pilot = truth.machines.find((m) => m.isPilot)!.assetId;
    // An earlier version of the same model that does not read the first model signal (the one the shifts move).
    const manifest = JSON.parse(fs.readFileSync(path.join(fleet.modelDir, 'fleetgate.model.json'), 'utf8')) as { signals: string[] };
    modelSignals = manifest.signals;
    const earlierDir = path.join(env.FLEETGATE_DATA_DIR, 'models', 'pump-anomaly-earlier');
    await cliJson(
      [
        'train',
        '--machine',
        pilot,
        '--lookback',
        `${DAYS}d`,
        '--task',
        'anomaly-score',
        '--out',
        earlierDir,
        '--name',
        'pump-anomaly',
        '--signals',
        modelSignals.slice(1).join(','),
      ],
      procEnv,
    );
    const earlier = await registerModel(api.url, api.tokens.mle, earlierDir);
    earlierVersionId = earlier.id;
    const version = await registerModel(api.url, api.tokens.mle, fleet.modelDir);
    const spanStart = await withSchema(env, async (q) => Number((await q('SELECT MIN(first_ms) AS s FROM telemetry_series'))[0].s));
    startMs = Math.floor(spanStart / DAY) * DAY;
    const cut = startMs + 20 * DAY;
    runUpAssets = truth.machines
      .filter((m) => m.failures.some((f) => f.labelled && Date.parse(f.onset) > cut && Date.parse(f.failure) < startMs + DAYS * DAY))
      .map((m) => m.assetId);
    expect(runUpAssets.length).toBeGreaterThanOrEqual(2);
    const quietOnes = truth.machines.filter((m) => !m.isPilot && m.inDomain && m.failures.length === 0).map((m) => m.assetId);
    promoted = [...runUpAssets, ...quietOnes.slice(0, PROMOTED - runUpAssets.length), pilot];

    // default's guarded version was written `proposed` by the migration: a reliability engineer approves it.
    const policies = await ok<Array<{ name: string; version: number; status: string; definition: { guards?: unknown } }>>(
      api.url,
      rel(),
      'GET',
      '/gate/policies',
    );
    const guarded = policies.find((p) => p.name === 'default' && p.status === 'proposed' && p.definition.guards);
    expect(guarded?.definition.guards).toEqual({ envelope: { trailingDays: 7 }, alarmRate: { k: 3, minWindows: 100 } });
    await ok(api.url, rel(), 'POST', `/gate/policies/default/versions/${guarded!.version}/approve`);

    // Quiet machines whose first model signal is stored without unit conversion (the planted faults write it raw).
    const plain: string[] = [];
    for (const asset of promoted.filter((a) => !runUpAssets.includes(a) && a !== pilot)) {
      const tags = await ok<{ mapped: Array<{ rawTag: string; signal: string; conversion: unknown }> }>(api.url, rel(), 'GET', `/machines/${asset}/tags`);
      if (tags.mapped.some((m) => m.signal === modelSignals[0] && m.conversion === null)) plain.push(asset);
    }
    expect(plain.length).toBeGreaterThanOrEqual(3);
    [shifted, replaced, flooded] = plain;
    failing = promoted.filter((a) => !runUpAssets.includes(a) && a !== pilot && !plain.slice(0, 3).includes(a)).pop()!;

    const period = { from: new Date(startMs).toISOString(), to: new Date(cut).toISOString() };
    const started = await ok<RunView>(api.url, rel(), 'POST', '/evaluations', { modelVersionId: version.id, ...period });
    const startedEarlier = await ok<RunView>(api.url, rel(), 'POST', '/evaluations', { modelVersionId: earlierVersionId, ...period });
    worker = new WorkerProcess({ ...procEnv, WORKER_CONCURRENCY: '2', FLEETGATE_SCORING_INTERVAL: '24h' });
    await worker.waitUntilStarted();
    // The earlier version serves `replaced` first; the promotion under test replaces it there.
    await promote(earlierVersionId, (await waitForRun(api.url, rel(), startedEarlier.id)).id, [replaced]);
    const run = await waitForRun(api.url, rel(), started.id);
    const requested = await promote(version.id, run.id, promoted);
    expect(requested.policy.version).toBe(guarded!.version);
    promotionId = requested.id;

    // The shifts: the first model signal far above its level for the last seven days.
    const end = startMs + DAYS * DAY;
    for (const asset of [shifted, replaced]) {
      const level = await meanLevel(asset, modelSignals[0]);
      await importLevel(asset, modelSignals[0], end - 7 * DAY, end, (t) => level * 1.8 + Math.abs(level) * 0.02 * Math.sin(t / 600_000));
    }
    // The flood: 30 minutes of ±30 % noise (hourly means unchanged) every 16 h from day 23 to day 29, none in the last day.
    const floodLevel = await meanLevel(flooded, modelSignals[0]);
    const bursts: Array<[number, number]> = [];
    for (let b = end - 7 * DAY; b < end - DAY; b += 16 * 3_600_000) {
      for (let i = 0; i < 30; i++) bursts.push([b + i * 60_000, floodLevel * (1 + (i % 2 ? 0.3 : -0.3))]);
    }
    await importPoints(flooded, modelSignals[0], bursts);
    // Another in-domain machine starts to fail: its level ramps up over its last two days (no failure labelled yet).
    const base = await meanLevel(failing, modelSignals[0]);
    const rampFrom = end - 2 * DAY;
    await importLevel(failing, modelSignals[0], rampFrom, end, (t) => base * (1 + (1.5 * (t - rampFrom)) / (2 * DAY)));
    // A model that does not notice: no window of these deployments goes beyond its (pinned) threshold.
    await withSchema(env, (q) =>
      q(
        `UPDATE deployments SET threshold = 1e12 WHERE active = true AND model_version_id = $2
            AND machine_id IN (SELECT id FROM machines WHERE asset_id = ANY($1))`,
        [[shifted, replaced], version.id],
      ),
    );
    await ok(api.url, api.tokens.admin, 'POST', '/webhooks', {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fleetgate`,
      events: ['deployment.demoted', 'deployment.reinstated'],
      secret: HOOK_SECRET,
    });
    queue = new Queue(SCORING_QUEUE, { connection: redisOptions(env.REDIS_URL), prefix: env.FLEETGATE_QUEUE_PREFIX });
    await round();
  }, 900_000);

  afterAll(async () => {
    await queue?.close();
    await worker?.stop();
    await api?.close();
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
    delete process.env.FLEETGATE_WEBHOOK_ALLOW_PRIVATE;
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('demotes the shifted machine on envelope, with the rule, the measured value and the limit; health shows why', async () => {
    const d = await deploymentOf(shifted);
    expect(d).toMatchObject({ active: true, suspension_kind: 'guard', guard_rule: 'envelope', guard_limit: 1 });
    expect(Number(d.guard_value)).toBeGreaterThan(1);
    expect(d.suspended_reason).toContain('guard envelope breached');
    // No earlier version on this machine: not covered until reinstated or re-evaluated.
    expect(d.suspended_reason).toContain('not covered');
    demotedId = d.id;
    const h = (await health()).find((m) => m.assetId === shifted)!;
    expect(h.state).toBe('suspended');
    expect(h.reason).toContain('guard envelope breached');
    const coverage = await ok<{ machines: Array<{ assetId: string; state?: string; suspendedReason: string | null }> }>(
      api.url,
      rel(),
      'GET',
      '/fleet/coverage',
    );
    expect(coverage.machines.find((m) => m.assetId === shifted)?.suspendedReason).toContain('guard envelope breached');
  });

  it('falls back to the version it replaced when the guards of that version hold on the same data', async () => {
    const rows = await withSchema(env, (q) =>
      q(
        `SELECT d.id, d.model_version_id, d.active, d.suspension_kind, d.guard_rule, d.fallback_deployment_id, d.suspended_reason
           FROM deployments d JOIN machines m ON m.id = d.machine_id WHERE m.asset_id = $1 AND d.stage = 'production' ORDER BY d.created_at`,
        [replaced],
      ),
    );
    expect(rows).toHaveLength(2);
    const [earlier, current] = rows;
    expect(earlier).toMatchObject({ model_version_id: earlierVersionId, active: false, suspension_kind: null });
    expect(current).toMatchObject({ active: true, suspension_kind: 'guard', guard_rule: 'envelope', fallback_deployment_id: earlier.id });
    expect(String(current.suspended_reason)).toContain('falls back to the version it replaced');
    // The earlier version scores the machine now: health is its, and says why.
    const h = (await ok<{ machines: Array<HealthRow & { scoredBy: string | null }> }>(api.url, api.tokens.admin, 'GET', '/fleet/health')).machines.find(
      (m) => m.assetId === replaced,
    )!;
    expect(h.state).not.toBe('suspended');
    // Registered first, the earlier version is pump-anomaly@1.
    expect(h.scoredBy).toBe('pump-anomaly@1');
    expect(h.reason).toContain('guard envelope breached');
    const events = await ok<Array<{ action: string; payload: string }>>(api.url, rel(), 'GET', `/audit?subject=deployment:${String(current.id)}`);
    expect(JSON.parse(events.find((e) => e.action === 'deployment.demoted')!.payload)).toMatchObject({ rule: 'envelope', fallbackDeploymentId: earlier.id });
  });

  it('appends the demotion to the audit chain, and the chain still verifies', async () => {
    const events = await ok<Array<{ action: string; actor: string; payload: string }>>(api.url, rel(), 'GET', `/audit?subject=deployment:${demotedId}`);
    const demoted = events.find((e) => e.action === 'deployment.demoted');
    expect(demoted?.actor).toBe('system');
    expect(JSON.parse(demoted!.payload)).toMatchObject({ rule: 'envelope', limit: 1, fallbackDeploymentId: null });
    // The guarded policy version the migration wrote is in the chain too: created (on first use) and approved.
    const policyEvents = await ok<Array<{ action: string; actor: string }>>(api.url, rel(), 'GET', '/audit?subject=gate-policy:default@2');
    expect(policyEvents.map((e) => `${e.actor} ${e.action}`)).toEqual(['system gate-policy.created', 'rel gate-policy.approved']);
    expect((await ok<{ ok: boolean }>(api.url, rel(), 'GET', '/audit/verify')).ok).toBe(true);
  });

  it('does not demote a machine whose run-up raised its alarm', async () => {
    const { alarms } = await ok<{ alarms: Array<{ assetId: string; suppressed: boolean }> }>(api.url, rel(), 'GET', '/alarms?limit=1000');
    const alarmed = runUpAssets.filter((a) => alarms.some((x) => x.assetId === a && !x.suppressed));
    expect(alarmed.length).toBeGreaterThanOrEqual(1);
    for (const a of alarmed) {
      const d = await deploymentOf(a);
      expect({ asset: a, kind: d.suspension_kind, reason: d.suspended_reason }).toEqual({ asset: a, kind: null, reason: null });
    }
  });

  it('raises the alarm of an in-domain machine whose level runs up, and does not demote it', async () => {
    const { alarms } = await ok<{ alarms: Array<{ assetId: string; suppressed: boolean; status: string }> }>(api.url, rel(), 'GET', '/alarms?limit=1000');
    expect(alarms.some((a) => a.assetId === failing && !a.suppressed && a.status !== 'closed')).toBe(true);
    const d = await deploymentOf(failing);
    expect({ kind: d.suspension_kind, reason: d.suspended_reason }).toEqual({ kind: null, reason: null });
    expect((await health()).find((m) => m.assetId === failing)!.state).toBe('alarm');
  });

  it('keeps every other in-domain machine deployed, the pilot among them', async () => {
    expect(promoted).toContain(pilot);
    for (const a of promoted.filter((x) => x !== shifted && x !== replaced && x !== failing && !runUpAssets.includes(x)))
      expect({ asset: a, reason: (await deploymentOf(a)).suspended_reason }).toEqual({ asset: a, reason: null });
  });

  it('keeps the deployment consistency check clean after the demotion', async () => {
    expect((await ok<{ ok: boolean }>(api.url, rel(), 'GET', '/deployments/consistency')).ok).toBe(true);
  });

  it('lets a reliability engineer reinstate it with a note (audited); a note is required and others may not', async () => {
    expect((await call(api.url, rel(), 'POST', `/deployments/${demotedId}/reinstate`, {})).status).toBe(400);
    expect((await call(api.url, api.tokens.mle, 'POST', `/deployments/${demotedId}/reinstate`, { note: 'x' })).status).toBe(403);
    const done = await ok<{ deploymentId: string; note: string }>(api.url, rel(), 'POST', `/deployments/${demotedId}/reinstate`, {
      note: 'sensor recalibrated, level confirmed on site',
    });
    expect(done).toMatchObject({ deploymentId: demotedId, note: 'sensor recalibrated, level confirmed on site' });
    const again = await call<{ code: string }>(api.url, rel(), 'POST', `/deployments/${demotedId}/reinstate`, { note: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('GATE_NOT_DEMOTED');
    const events = await ok<Array<{ action: string; actor: string }>>(api.url, rel(), 'GET', `/audit?subject=deployment:${demotedId}`);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['deployment.demoted', 'deployment.reinstated']));
    // The next round scores it again and does not demote it on the data already seen.
    await round();
    expect((await deploymentOf(shifted)).suspension_kind).toBeNull();
    expect((await health()).find((m) => m.assetId === shifted)!.state).not.toBe('suspended');
    expect((await ok<{ ok: boolean }>(api.url, rel(), 'GET', '/deployments/consistency')).ok).toBe(true);
  });

  it('delivers the demotion and the reinstatement to a subscribed receiver, in order, signed over "timestamp.body"', async () => {
    const all = () => deliveries.map((d) => ({ d, event: JSON.parse(d.body) as { id: string; type: string; seq: number; data: Record<string, unknown> } }));
    // Delivery is asynchronous (the worker's webhook queue): wait until both arrived (the test's timeout bounds it).
    while (!all().some((e) => e.event.type === 'deployment.reinstated')) await sleep(200);
    // Two demotions in the first round (shifted, replaced), then the reinstatement: one sequence, in order.
    expect(all().map((e) => e.event.seq)).toEqual([1, 2, 3]);
    const got = all().filter((e) => e.event.data.deploymentId === demotedId);
    expect(got.map((e) => e.event.type)).toEqual(['deployment.demoted', 'deployment.reinstated']);
    expect(got[0].event.data).toMatchObject({ deploymentId: demotedId, rule: 'envelope', limit: 1, fallbackDeploymentId: null });
    expect(Number(got[0].event.data.value)).toBeGreaterThan(1);
    expect(got[1].event.data).toMatchObject({ deploymentId: demotedId, note: 'sensor recalibrated, level confirmed on site', by: 'rel' });
    for (const { d, event } of got) {
      const timestamp = String(d.headers['x-fleetgate-timestamp']);
      expect(d.headers['x-fleetgate-signature']).toBe(`sha256=${createHmac('sha256', HOOK_SECRET).update(`${timestamp}.${d.body}`).digest('hex')}`);
      expect(d.headers['x-fleetgate-event']).toBe(event.type);
      expect(d.headers['x-fleetgate-event-id']).toBe(event.id);
      expect(d.body).not.toContain(HOOK_SECRET);
    }
    // A signature over another body (or with another secret) does not match.
    const ts = String(got[0].d.headers['x-fleetgate-timestamp']);
    expect(got[0].d.headers['x-fleetgate-signature']).not.toBe(
      `sha256=${createHmac('sha256', 'another-secret').update(`${ts}.${got[0].d.body}`).digest('hex')}`,
    );
    // The receiver sees a delivery before the worker records it: wait for the outbox to catch up.
    const hook = await until(async () => {
      const h = (
        await ok<Array<{ id: string; url: string; deliveredEvents: number; pendingEvents: number }>>(api.url, api.tokens.admin, 'GET', '/webhooks')
      ).find((x) => x.url.endsWith('/fleetgate'))!;
      return h.pendingEvents === 0 ? h : null;
    });
    expect(hook).toMatchObject({ deliveredEvents: 3, pendingEvents: 0 });
    const log = await ok<Array<{ type: string; outcome: string; httpStatus: number }>>(api.url, api.tokens.admin, 'GET', `/webhooks/${hook.id}/deliveries`);
    expect(log.map((l) => [l.type, l.outcome, l.httpStatus])).toEqual([
      ['deployment.reinstated', 'delivered', 204],
      ['deployment.demoted', 'delivered', 204],
      ['deployment.demoted', 'delivered', 204],
    ]);
  });

  it('demotes a machine flooded with alarms on alarm-rate once people close them as false alarms', async () => {
    type AlarmRow = { id: string; assetId: string; status: string; suppressed: boolean };
    const floodAlarms = async () =>
      (await ok<{ alarms: AlarmRow[] }>(api.url, rel(), 'GET', `/alarms?assetId=${flooded}&limit=1000`)).alarms.filter((a) => !a.suppressed);
    const raised = await floodAlarms();
    // Each burst raised an alarm that cleared by itself; nobody judged them yet, so they keep the benefit of the doubt.
    expect(raised.length).toBeGreaterThanOrEqual(3);
    expect(raised.every((a) => a.status === 'closed')).toBe(true);
    expect((await deploymentOf(flooded)).suspension_kind).toBeNull();

    // Inspections found nothing: each is closed as a false alarm. The judgement re-checks the machine's guards (no new data needed).
    for (const a of raised) await ok(api.url, rel(), 'POST', `/alarms/${a.id}/acknowledge`, { outcome: 'false-alarm', note: 'inspected, nothing found' });
    const d = await until(async () => {
      const row = await deploymentOf(flooded);
      return row.suspension_kind ? row : null;
    });
    expect(d).toMatchObject({ active: true, suspension_kind: 'guard', guard_rule: 'alarm-rate' });
    expect(Number(d.guard_value)).toBeGreaterThan(Number(d.guard_limit));
    expect(d.suspended_reason).toContain('alarm-rate');
    expect((await health()).find((m) => m.assetId === flooded)).toMatchObject({ state: 'suspended', reason: expect.stringContaining('alarm-rate') });
    expect((await ok<{ ok: boolean }>(api.url, rel(), 'GET', '/deployments/consistency')).ok).toBe(true);
  });

  it('never demotes the pilot on its own data', async () => {
    const d = await deploymentOf(pilot);
    expect({ kind: d.suspension_kind, reason: d.suspended_reason }).toEqual({ kind: null, reason: null });
    expect((await health()).find((m) => m.assetId === pilot)!.state).not.toBe('suspended');
  });

  it('suspends the scoring of a machine that went silent (audited, never a demotion) and resumes it when its data return', async () => {
    // The fleet's clock moves 12 h on: a machine outside the promotion sends data on.
    const other = (await health()).find((m) => !promoted.includes(m.assetId))!.assetId;
    const end = startMs + DAYS * DAY;
    await importLevel(other, modelSignals[0], end, end + 12 * 3_600_000, () => 1);
    await round();
    const quiet = promoted.find((a) => a !== shifted && !runUpAssets.includes(a))!;
    const silent = await deploymentOf(quiet);
    expect(silent).toMatchObject({ active: true, suspension_kind: 'silence', guard_rule: null });
    expect(silent.suspended_reason).toContain('no usable data');
    expect((await health()).find((m) => m.assetId === quiet)).toMatchObject({ state: 'suspended', reason: expect.stringContaining('no usable data') });
    // Its data come back: the next round resumes its scoring by itself.
    for (const signal of modelSignals) await importLevel(quiet, signal, end, end + 12 * 3_600_000, () => 1);
    await round();
    expect((await deploymentOf(quiet)).suspension_kind).toBeNull();
    const events = await ok<Array<{ action: string }>>(api.url, rel(), 'GET', `/audit?subject=deployment:${silent.id}`);
    expect(events.map((e) => e.action)).toEqual(['deployment.scoring-suspended', 'deployment.scoring-resumed']);
    expect((await ok<{ ok: boolean }>(api.url, rel(), 'GET', '/deployments/consistency')).ok).toBe(true);
  });

  it('rolls the promotion back cleanly after a demotion and a reinstatement', async () => {
    await ok(api.url, rel(), 'POST', `/promotions/${promotionId}/rollback`);
    expect((await deploymentOf(shifted)).active).toBe(false);
    expect((await ok<{ ok: boolean }>(api.url, rel(), 'GET', '/deployments/consistency')).ok).toBe(true);
  });

  it('reports registrations, evaluations, promotions and alarms to a hook subscribed to them, from the changes themselves', async () => {
    type Event = { type: string; seq: number; data: Record<string, unknown> };
    const types = () => everything.map((d) => (JSON.parse(d.body) as Event).type);
    while (!types().includes('promotion.rolled-back')) await sleep(200);
    const events = everything.map((d) => JSON.parse(d.body) as Event);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const count = (type: string) => events.filter((e) => e.type === type).length;
    // Two versions registered and evaluated, two promotions requested and approved, one rolled back.
    expect([count('model-version.registered'), count('evaluation.finished'), count('promotion.requested'), count('promotion.approved')]).toEqual([2, 2, 2, 2]);
    expect(count('promotion.rolled-back')).toBe(1);
    expect(events.find((e) => e.type === 'evaluation.finished')!.data).toMatchObject({ status: 'completed', model: { name: 'pump-anomaly' } });
    // The flooded machine's alarms: raised, closed by the rule, then judged by a person.
    const flood = await ok<{ alarms: Array<{ id: string }> }>(api.url, rel(), 'GET', `/alarms?assetId=${flooded}&limit=1000`);
    for (const type of ['alarm.raised', 'alarm.closed', 'alarm.acknowledged']) {
      const ids = events.filter((e) => e.type === type).map((e) => e.data.alarmId);
      expect({ type, all: flood.alarms.every((a) => ids.includes(a.id)) }).toEqual({ type, all: true });
    }
    for (const d of everything) {
      const ts = String(d.headers['x-fleetgate-timestamp']);
      expect(d.headers['x-fleetgate-signature']).toBe(`sha256=${createHmac('sha256', HOOK_SECRET).update(`${ts}.${d.body}`).digest('hex')}`);
    }
  });
});
