import * as fs from 'node:fs';
import { Queue } from 'bullmq';
import { jobId, JobName, redisOptions, SCORING_QUEUE, SCORING_SCHEDULER_ID } from '@fleetgate/queue';
import { MetricsServer } from '@fleetgate/metrics';
import { wilson } from '@fleetgate/stats';
import { scoringDrained, scoringRound } from './scoring-round.util';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { call, ok, registerModel, RunView, waitForRun } from '../evaluation/evaluation-api.util';
import { childEnv, cliJson, runCli, sleep, WorkerProcess } from '../evaluation/processes.util';
import { simulateAndTrain, SimFleet, withSchema } from '../evaluation/sim-fleet.util';
import { SseClient } from './sse.util';
import { parseMetrics } from '../ops/ops-process.util';

/**
 * Production scoring end to end: a simulated fleet (60 machines × 30 days, seed 37 — three
 * failures planted after day 21, none tuned on), the pilot model trained and evaluated on the
 * first 20 days, promoted to 20 machines. The api runs in this process, the worker as a
 * separate process; scoring picks up where the evidence ended (day 20) and scores the last ten
 * days in rounds. The stream is read as the console reads it (fetch + Authorization header).
 */
const MACHINES = 60;
const DAYS = 30;
const SEED = 37;
const DAY = 86_400_000;
const PROMOTED = 20;

jest.setTimeout(900_000);

interface HealthView {
  dataClock: string | null;
  totals: { machines: number; byState: Record<string, number> };
  counts: { site: Array<{ value: string; machines: number }>; line: Array<{ value: string }> };
  machines: Array<{
    machineId: string;
    assetId: string;
    site: string;
    state: string;
    reason: string | null;
    score: number | null;
    scoredWindowEnd: string | null;
    scoredBy: string | null;
  }>;
}
interface AlarmView {
  id: string;
  assetId: string;
  site: string;
  suppressed: boolean;
  status: string;
  openedAt: string;
  outcome: string | null;
  followedBy: { kind: string; at: string } | null;
}
interface AlarmList {
  alarms: AlarmView[];
  precision: Array<{ deploymentId: string; assetId: string; confirmed: number; falseAlarms: number; estimate: number | null; low: number; high: number }>;
}
interface TruthFailure {
  onset: string;
  failure: string;
  labelled: boolean;
}

describe('production scoring, health, alarms and the stream (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  let workerEnv: NodeJS.ProcessEnv;
  let fleet: SimFleet;
  let queue: Queue;
  let startMs: number;
  let promoted: string[];
  let runUps: Array<{ assetId: string; site: string; onsetMs: number; failureMs: number }>;
  let quiet: string; // the machine under planned maintenance for the whole scored period
  let caughtAsset: string;
  let cutMs: number;
  let pilot: string;
  let relStream: SseClient;
  let pmStream: SseClient;

  const admin = () => api.tokens.admin;
  const rel = () => api.tokens.rel;
  const health = () => ok<HealthView>(api.url, admin(), 'GET', '/fleet/health');
  const scoreCount = () => withSchema(env, async (q) => Number((await q('SELECT COUNT(*) AS n FROM machine_scores'))[0].n));

  const round = () => scoringRound(api.url, rel(), queue);
  const drained = () => scoringDrained(queue);

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    const procEnv = childEnv(env);
    fleet = await simulateAndTrain(env, procEnv, { machines: MACHINES, days: DAYS, seed: SEED });
    const truth = JSON.parse(fs.readFileSync(fleet.truthFile, 'utf8')) as {
      machines: Array<{ assetId: string; site?: string; inDomain: boolean; isPilot: boolean; failures: TruthFailure[] }>;
    };
    const version = await registerModel(api.url, api.tokens.mle, fleet.modelDir);
    const { machines } = await ok<{ machines: Array<{ assetId: string; site: string }> }>(api.url, admin(), 'GET', '/fleet/coverage');
    const siteOf = new Map(machines.map((m) => [m.assetId, m.site]));
    const spanStart = await withSchema(env, async (q) => Number((await q('SELECT MIN(first_ms) AS s FROM telemetry_series'))[0].s));
    startMs = Math.floor(spanStart / DAY) * DAY;
    const cut = startMs + 20 * DAY;
    cutMs = cut;
    // Run-ups that start after the evidence period and fail before the data ends.
    runUps = truth.machines.flatMap((m) =>
      m.failures
        .filter((f) => f.labelled && Date.parse(f.onset) > cut && Date.parse(f.failure) < startMs + DAYS * DAY)
        .map((f) => ({ assetId: m.assetId, site: siteOf.get(m.assetId)!, onsetMs: Date.parse(f.onset), failureMs: Date.parse(f.failure) })),
    );
    expect(runUps.length).toBeGreaterThanOrEqual(2);
    pilot = truth.machines.find((m) => m.isPilot)!.assetId;
    const others = machines.map((m) => m.assetId).filter((a) => !runUps.some((r) => r.assetId === a) && a !== pilot);
    promoted = [...runUps.map((r) => r.assetId), ...others.slice(0, PROMOTED - runUps.length)];
    quiet = runUps[runUps.length - 1].assetId;

    const started = await ok<RunView>(api.url, rel(), 'POST', '/evaluations', {
      modelVersionId: version.id,
      from: new Date(startMs).toISOString(),
      to: new Date(cut).toISOString(),
    });
    workerEnv = { ...procEnv, WORKER_CONCURRENCY: '2', FLEETGATE_SCORING_INTERVAL: '24h' };
    worker = new WorkerProcess(workerEnv);
    await worker.waitUntilStarted();
    const run = await waitForRun(api.url, rel(), started.id);
    // Planned maintenance on one run-up machine over the whole scored period, entered before any scoring.
    await ok(api.url, rel(), 'POST', '/maintenance-windows', {
      assetId: quiet,
      from: new Date(cut - DAY).toISOString(),
      to: new Date(startMs + (DAYS + 1) * DAY).toISOString(),
      reason: 'planned overhaul',
    });
    const requested = await ok<{ id: string; blocking: string[] }>(api.url, api.tokens.mle, 'POST', '/promotions', {
      modelVersionId: version.id,
      targetStage: 'production',
      scope: 'assets',
      assetIds: promoted,
      evidenceRunId: run.id,
      justification: 'scoring test',
    });
    const waivers = requested.blocking.map((ruleId) => ({ ruleId, justification: 'test fleet' }));
    await ok(api.url, rel(), 'POST', `/promotions/${requested.id}/approve`, { waivers, owner: 'rel' });
    queue = new Queue(SCORING_QUEUE, { connection: redisOptions(env.REDIS_URL), prefix: env.FLEETGATE_QUEUE_PREFIX });
    relStream = await SseClient.open(api.url, rel());
    pmStream = await SseClient.open(api.url, api.tokens.pm);
  }, 900_000);

  afterAll(async () => {
    await relStream?.close();
    await pmStream?.close();
    await queue?.close();
    await worker?.stop();
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('a round scores only the deployed machines; the others are reported not-covered', async () => {
    await round();
    const scored = await withSchema(env, async (q) =>
      (await q('SELECT DISTINCT m.asset_id FROM machine_scores s JOIN machines m ON m.id = s.machine_id')).map((r) => String(r.asset_id)),
    );
    expect(scored.length).toBeGreaterThan(PROMOTED / 2);
    expect(promoted).toEqual(expect.arrayContaining(scored));
    const h = await health();
    const byAsset = new Map(h.machines.map((m) => [m.assetId, m]));
    for (const a of byAsset.keys()) if (!promoted.includes(a)) expect(byAsset.get(a)!.state).toBe('not-covered');
    expect(h.totals.byState['not-covered']).toBe(MACHINES - PROMOTED);
    expect(h.totals.machines).toBe(MACHINES);
    // A deployed, scored machine is never shown not-covered, and names the version that scored it.
    const covered = h.machines.filter((m) => promoted.includes(m.assetId) && m.scoredBy);
    expect(covered.length).toBeGreaterThan(0);
    expect(covered.every((m) => ['ok', 'watch', 'alarm', 'no-data'].includes(m.state))).toBe(true);
    // Counts per site add up.
    expect(h.counts.site.reduce((s, c) => s + c.machines, 0)).toBe(MACHINES);
    // JSON with an ETag; a poll that still holds it gets 304 and no body; a filter gets its own view.
    const get = (route: string, headers: Record<string, string> = {}) =>
      fetch(`${api.url}/api${route}`, { headers: { authorization: `Bearer ${admin()}`, ...headers } });
    const first = await get('/fleet/health');
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(await first.json()).toEqual(h);
    // (fetch would add Cache-Control: no-cache to a conditional request, which asks for the body whatever the ETag)
    const again = await get('/fleet/health', { 'if-none-match': etag, 'cache-control': 'max-age=0' });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const notCovered = await get('/fleet/health?state=not-covered', { 'if-none-match': etag, 'cache-control': 'max-age=0' });
    expect(notCovered.status).toBe(200);
    const view = (await notCovered.json()) as HealthView;
    expect(view.machines.length).toBe(MACHINES - PROMOTED);
    expect(view.totals.byState['not-covered']).toBe(MACHINES - PROMOTED);
  });

  it('a planted run-up raises an alarm before its failure, linked to the failure that followed', async () => {
    const { alarms } = await ok<AlarmList>(api.url, rel(), 'GET', '/alarms?limit=1000');
    const caught = runUps.filter(
      (r) =>
        r.assetId !== quiet &&
        alarms.some((a) => a.assetId === r.assetId && !a.suppressed && Date.parse(a.openedAt) >= r.onsetMs && Date.parse(a.openedAt) < r.failureMs),
    );
    expect(caught.length).toBeGreaterThanOrEqual(1);
    caughtAsset = caught[0].assetId;
    const before = alarms.filter(
      (a) => a.assetId === caught[0].assetId && Date.parse(a.openedAt) >= caught[0].onsetMs && Date.parse(a.openedAt) < caught[0].failureMs,
    );
    expect(before.some((a) => a.followedBy?.kind === 'failure' && a.followedBy.at === new Date(caught[0].failureMs).toISOString())).toBe(true);
  });

  it('an alarm inside a maintenance window is recorded as suppressed, never raised', async () => {
    const { alarms } = await ok<AlarmList>(api.url, rel(), 'GET', `/alarms?assetId=${quiet}&limit=1000`);
    expect(alarms.length).toBeGreaterThan(0);
    expect(alarms.every((a) => a.suppressed)).toBe(true);
    const h = await health();
    expect(h.machines.find((m) => m.assetId === quiet)!.state).not.toBe('alarm');
  });

  it('the stream carried the health changes and alarms the worker caused, and a plant manager only their site', async () => {
    await relStream.waitFor((e) => e.type === 'health-changed');
    await relStream.waitFor((e) => e.type === 'alarm-raised');
    await relStream.waitFor((e) => e.type === 'alarm-suppressed' && e.data.assetId === quiet);
    // The evaluation's workers announced each machine they finished, with its site, through the same outbox.
    const progress = await withSchema(env, async (q) => q(`SELECT site, payload FROM stream_events WHERE type = 'evaluation-progress'`));
    expect(progress).toHaveLength(MACHINES);
    expect(progress.every((p) => typeof p.site === 'string' && JSON.parse(String(p.payload)).status === 'done')).toBe(true);
    await pmStream.waitFor((e) => e.type === 'health-changed');
    // The plant manager's stream has caught up with every PLT1 event written so far, and holds nothing else.
    const lastOfPlt1 = await withSchema(env, async (q) => Number((await q(`SELECT MAX(id) AS id FROM stream_events WHERE site = 'PLT1'`))[0].id));
    await pmStream.waitFor((e) => e.id === lastOfPlt1);
    expect(pmStream.events.every((e) => e.data.site === 'PLT1')).toBe(true);
    expect(relStream.events.some((e) => e.data.site !== 'PLT1')).toBe(true);
  });

  it('resumes after a reconnect with Last-Event-ID: exactly the events after it, in order', async () => {
    const seen = relStream.events;
    const resumeAfter = seen[Math.floor(seen.length / 2)].id;
    const again = await SseClient.open(api.url, rel(), resumeAfter);
    const want = seen.filter((e) => e.id > resumeAfter).map((e) => e.id);
    await again.waitFor((e) => e.id === want[want.length - 1]);
    expect(again.events.slice(0, want.length).map((e) => e.id)).toEqual(want);
    await again.close();
    const bad = await fetch(`${api.url}/api/stream`, { headers: { authorization: `Bearer ${rel()}`, 'last-event-id': 'yesterday' } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Last-Event-ID');
  });

  it('a retried scoring job and a second round add no rows', async () => {
    const before = await scoreCount();
    const target = await withSchema(
      env,
      async (q) => (await q('SELECT machine_id, MAX(last_ms + interval_ms) AS e FROM telemetry_series GROUP BY machine_id'))[0],
    );
    const machineId = String(target.machine_id);
    const dataEndMs = Number(target.e);
    // The same job again (a retry after its transaction committed), under a fresh id so BullMQ runs it.
    await queue.add(
      JobName.ScoreMachine,
      { machineId, dataEndMs, dataClockMs: dataEndMs },
      { jobId: `${jobId(JobName.ScoreMachine, machineId, String(dataEndMs))}__retry` },
    );
    await drained();
    await round();
    expect(await scoreCount()).toBe(before);
  });

  it("the api's scoring lag gauge: per site with a deployment, the data clock minus the newest window scored there", async () => {
    const h = await health();
    const clockMs = Date.parse(h.dataClock!);
    const siteOf = new Map(h.machines.map((m) => [m.assetId, m.site]));
    // What the worker wrote, per site; and what the api reports.
    const expected = async () => {
      const ends = await withSchema(env, (q) =>
        q('SELECT m.asset_id, MAX(s.window_end_ms) AS e FROM machine_scores s JOIN machines m ON m.id = s.machine_id GROUP BY m.asset_id'),
      );
      const newest = new Map<string, number>();
      for (const r of ends) {
        const site = siteOf.get(String(r.asset_id))!;
        newest.set(site, Math.max(newest.get(site) ?? 0, Number(r.e)));
      }
      return Object.fromEntries([...newest].map(([site, endMs]) => [site, (clockMs - endMs) / 1000]));
    };
    const gauge = async () => {
      const samples = parseMetrics((await api.app.get(MetricsServer).render()).text).filter((x) => x.name === 'fleetgate_scoring_lag_seconds');
      expect(samples.every((x) => x.value >= 0 && Object.keys(x.labels).join() === 'site')).toBe(true);
      return Object.fromEntries(samples.map((x) => [x.labels.site, x.value]));
    };
    const caughtUp = await expected();
    // Every site with a promoted machine has scores by now, and only those sites.
    expect(Object.keys(caughtUp).sort()).toEqual([...new Set(promoted.map((a) => siteOf.get(a)!))].sort());
    expect(await gauge()).toEqual(caughtUp);

    // One site's newest six hours of scores held back: its lag grows by at least that, the others' stays.
    const site = Object.keys(caughtUp)[0];
    const cols = 'machine_id, model_version_id, window_end_ms, deployment_id, score, threshold, beyond, healthy, scored_at';
    const inSite = `machine_id IN (SELECT m.id FROM machines m JOIN sites st ON st.id = m.site_id WHERE st.name = $1) AND window_end_ms > $2`;
    const heldBack = await withSchema(env, (q) => q(`SELECT ${cols} FROM machine_scores WHERE ${inSite}`, [site, clockMs - 6 * 3_600_000]));
    expect(heldBack.length).toBeGreaterThan(0);
    await withSchema(env, (q) => q(`DELETE FROM machine_scores WHERE ${inSite}`, [site, clockMs - 6 * 3_600_000]));
    try {
      const behind = await expected();
      expect(behind[site]).toBeGreaterThanOrEqual(caughtUp[site] + 6 * 3600);
      expect(await gauge()).toEqual(behind);
    } finally {
      await withSchema(env, async (q) => {
        for (const r of heldBack)
          await q(
            `INSERT INTO machine_scores (${cols}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            cols.split(', ').map((c) => r[c]),
          );
      });
    }
    expect(await gauge()).toEqual(caughtUp);
  });

  it('acknowledgement outcomes give each deployment its live precision with a Wilson interval; a plant manager acknowledges only their site', async () => {
    const { alarms } = await ok<AlarmList>(api.url, rel(), 'GET', '/alarms?suppressed=false&limit=1000');
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms) {
      const outcome = a.followedBy?.kind === 'failure' ? 'confirmed-fault' : 'false-alarm';
      const res = await call<AlarmView>(api.url, rel(), 'POST', `/alarms/${a.id}/acknowledge`, { outcome, note: 'checked on site' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome, acknowledgedBy: 'rel' });
    }
    const after = await ok<AlarmList>(api.url, rel(), 'GET', '/alarms?suppressed=false&limit=1000');
    for (const p of after.precision) {
      const mine = after.alarms.filter((a) => a.assetId === p.assetId);
      const confirmed = mine.filter((a) => a.outcome === 'confirmed-fault').length;
      const falseAlarms = mine.filter((a) => a.outcome === 'false-alarm').length;
      const w = wilson(confirmed, confirmed + falseAlarms);
      expect(p).toMatchObject({ confirmed, falseAlarms });
      expect(p.low).toBeCloseTo(w.low, 10);
      expect(p.high).toBeCloseTo(w.high, 10);
    }
    expect(after.precision.some((p) => p.confirmed > 0)).toBe(true);

    const theirs = alarms.find((a) => a.site !== 'PLT1');
    if (theirs) expect((await call(api.url, api.tokens.pm, 'POST', `/alarms/${theirs.id}/acknowledge`, { outcome: 'unknown' })).status).toBe(404);
    const mine = alarms.find((a) => a.site === 'PLT1');
    if (mine) expect((await call(api.url, api.tokens.pm, 'POST', `/alarms/${mine.id}/acknowledge`, { outcome: 'confirmed-fault' })).status).toBe(200);
    expect((await call(api.url, api.tokens.pm, 'POST', '/maintenance-windows', {})).status).toBe(403);
    const pmAlarms = await ok<AlarmList>(api.url, api.tokens.pm, 'GET', '/alarms?limit=1000');
    expect(pmAlarms.alarms.every((a) => a.site === 'PLT1')).toBe(true);
    expect((await call(api.url, rel(), 'POST', `/alarms/${alarms[0].id}/acknowledge`, { outcome: 'maybe' })).text).toContain('outcome');
  });

  it('machine history and the plot endpoint: scores with threshold, telemetry downsampled with gaps as null', async () => {
    const asset = caughtAsset;
    const hist = await ok<{ scores: Array<{ score: number; threshold: number }>; alarms: unknown[] }>(api.url, rel(), 'GET', `/machines/${asset}/health`);
    expect(hist.scores.length).toBeGreaterThan(24);
    expect(hist.scores.every((s) => Number.isFinite(s.score) && Number.isFinite(s.threshold))).toBe(true);
    const plot = await ok<{ t: string[]; signals: Record<string, { min: Array<number | null>; mean: Array<number | null> }> }>(
      api.url,
      rel(),
      'GET',
      `/machines/${asset}/telemetry?points=100`,
    );
    expect(plot.t.length).toBeLessThanOrEqual(100);
    const sig = Object.values(plot.signals)[0];
    expect(sig.mean.length).toBe(plot.t.length);
    expect((await call(api.url, rel(), 'GET', `/machines/${asset}/telemetry?points=0`)).text).toContain('points');
    expect((await call(api.url, rel(), 'GET', `/machines/${asset}/health?from=yesterday`)).status).toBe(400);
  });

  it("a deployment's alarm rule is set per machine (audited), bad values refused naming the field", async () => {
    const bad = await call(api.url, rel(), 'PUT', `/machines/${caughtAsset}/alarm-rule`, { k: 5, n: 4, m: 6 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('"field":"k"');
    expect((await call(api.url, api.tokens.pm, 'PUT', `/machines/${caughtAsset}/alarm-rule`, { k: 2, n: 3, m: 4 })).status).toBe(403);
    const set = await ok<{ rule: unknown; deployments: unknown[] }>(api.url, rel(), 'PUT', `/machines/${caughtAsset}/alarm-rule`, { k: 2, n: 3, m: 4 });
    expect(set.rule).toEqual({ k: 2, n: 3, m: 4 });
    expect(set.deployments).toHaveLength(1);
    const stored = await withSchema(
      env,
      async (q) =>
        (await q('SELECT d.alarm_rule FROM deployments d JOIN machines m ON m.id = d.machine_id WHERE m.asset_id = $1 AND d.active', [caughtAsset]))[0],
    );
    expect(JSON.parse(String(stored.alarm_rule))).toEqual({ k: 2, n: 3, m: 4 });
    const notDeployed = (await health()).machines.find((m) => m.state === 'not-covered')!.assetId;
    expect((await call(api.url, rel(), 'PUT', `/machines/${notDeployed}/alarm-rule`, { k: 2, n: 3, m: 4 })).status).toBe(400);
  });

  it('a per-machine-baseline version scores against the baseline pinned on each deployment, never a new one', async () => {
    const dir = `${env.FLEETGATE_DATA_DIR}/models/pump-baseline`;
    const iso = (ms: number) => new Date(ms).toISOString();
    await cliJson(
      [
        'train',
        '--machine',
        pilot,
        '--from',
        iso(startMs),
        '--to',
        iso(cutMs),
        '--task',
        'anomaly-score',
        '--normalization',
        'per-machine-baseline',
        '--baseline',
        '7d',
        '--out',
        dir,
        '--name',
        'pump-baseline',
      ],
      childEnv(env),
    );
    const version = await registerModel(api.url, api.tokens.mle, dir);
    const started = await ok<RunView>(api.url, rel(), 'POST', '/evaluations', { modelVersionId: version.id, from: iso(startMs), to: iso(cutMs) });
    const run = await waitForRun(api.url, rel(), started.id);
    const chosen = promoted.filter((a) => a !== quiet).slice(-3);
    const requested = await ok<{ id: string; blocking: string[] }>(api.url, api.tokens.mle, 'POST', '/promotions', {
      modelVersionId: version.id,
      targetStage: 'production',
      scope: 'assets',
      assetIds: chosen,
      evidenceRunId: run.id,
      justification: 'baseline model',
    });
    await ok(api.url, rel(), 'POST', `/promotions/${requested.id}/approve`, {
      waivers: requested.blocking.map((ruleId) => ({ ruleId, justification: 'test fleet' })),
      owner: 'rel',
    });
    const pins = await withSchema(env, (q) =>
      q(
        'SELECT m.asset_id, d.baseline FROM deployments d JOIN machines m ON m.id = d.machine_id WHERE d.model_version_id = $1 AND d.active ORDER BY m.asset_id',
        [version.id],
      ),
    );
    expect(pins.map((p) => p.asset_id)).toEqual([...chosen].sort());
    const pinned = pins.filter((p) => p.baseline && (JSON.parse(String(p.baseline)) as { valid: boolean | null }).valid !== false);
    expect(pinned.length).toBeGreaterThanOrEqual(2);
    // Take the pin away from one machine: scoring must refuse it rather than estimate a baseline of its own.
    const [unpinned, ...kept] = pinned.map((p) => String(p.asset_id));
    await withSchema(env, (q) =>
      q('UPDATE deployments SET baseline = NULL WHERE model_version_id = $1 AND machine_id = (SELECT id FROM machines WHERE asset_id = $2)', [
        version.id,
        unpinned,
      ]),
    );
    await round();
    const scored = await withSchema(env, async (q) =>
      (await q('SELECT DISTINCT m.asset_id FROM machine_scores s JOIN machines m ON m.id = s.machine_id WHERE s.model_version_id = $1', [version.id])).map(
        (r) => String(r.asset_id),
      ),
    );
    expect(scored.sort()).toEqual([...kept].sort());
    // The raw model still scores the unpinned machine: only the deployment without a pin is refused.
    const raw = await withSchema(env, async (q) =>
      Number(
        (
          await q('SELECT COUNT(*) AS n FROM machine_scores s JOIN machines m ON m.id = s.machine_id WHERE m.asset_id = $1 AND s.model_version_id <> $2', [
            unpinned,
            version.id,
          ])
        )[0].n,
      ),
    );
    expect(raw).toBeGreaterThan(0);
  });

  it('the CLI shows the health table, filters by state, lists alarms with the live precision, and adds maintenance', async () => {
    const cliEnv = { ...childEnv(env), FLEETGATE_URL: api.url, FLEETGATE_TOKEN: rel() };
    const table = await runCli(['health', '--state', 'not-covered'], cliEnv);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^asset\s+site\s+line\s+state/m);
    expect(table.stdout).toContain(`${MACHINES - PROMOTED} machines: not-covered ${MACHINES - PROMOTED}`);
    const list = await runCli(['alarms', 'list', '--suppressed', 'false'], cliEnv);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('live precision (95 % Wilson):');
    const added = await runCli(
      ['maintenance', 'add', '--asset', caughtAsset, '--from', '2026-01-01T00:00:00Z', '--to', '2026-01-02T00:00:00Z', '--reason', 'pump swap', '--json'],
      cliEnv,
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ assetId: caughtAsset, reason: 'pump swap', createdBy: 'rel' });
    const refused = await runCli(['maintenance', 'add', '--asset', caughtAsset, '--from', 'soon', '--to', '2026-01-02T00:00:00Z', '--reason', 'x'], cliEnv);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('from');
  });

  it('a worker start re-creates the scoring schedule Redis lost', async () => {
    const everyMs = 24 * 3_600_000; // the worker's FLEETGATE_SCORING_INTERVAL
    const schedule = async () => (await queue.getJobSchedulers()).find((s) => s.key === SCORING_SCHEDULER_ID);
    expect(await schedule()).toMatchObject({ every: everyMs });
    // Redis loses it; the running worker does not notice, the next one to start puts it back.
    await queue.removeJobScheduler(SCORING_SCHEDULER_ID);
    expect(await schedule()).toBeUndefined();
    await worker.stop();
    worker = new WorkerProcess(workerEnv);
    await worker.waitUntilStarted();
    for (const until = Date.now() + 30_000; !(await schedule()) && Date.now() < until;) await sleep(100);
    expect(await schedule()).toMatchObject({ every: everyMs });
  });
});
