import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { Queue } from 'bullmq';
import type { AlarmView, FleetHealthView, MachineHealthView } from '@fleetgate/scoring';
import { JobName, redisOptions, SCORING_QUEUE } from '@fleetgate/queue';
import { healthText } from '../health-format.util';
import { DemoApi } from './demo-http';
import { mqttReachable, startApp, startCli, waitForOutput } from './demo-services';

export interface LiveOptions {
  api: DemoApi;
  /** A reliability engineer's token: starts rounds, reads health and alarms. */
  token: string;
  env: NodeJS.ProcessEnv;
  children: ChildProcess[];
  log: NodeJS.WritableStream;
  mqttUrl: string;
  queues: { redisUrl: string; prefix: string };
  truthFile: string;
  /** The machines the approved deployment covers. */
  covered: string[];
  say: (text: string) => void;
}

interface RunUp {
  assetId: string;
  component: string;
  onsetMs: number;
  failureMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Wall time the publisher should take, and the most it may take before it is stopped. */
const PUBLISH_WALL_MS = 60_000;
const PUBLISH_LIMIT_MS = 120_000;
const POLL_MS = 10_000;
const MIN_SPEED = 1440;
const MAX_SPEED = 7 * 1440;
/** Run-ups whose failure comes at most this long after the stored history are watched. */
const RUN_UP_HORIZON_MS = 3 * DAY;
const TABLE_ROWS_PER_STATE = 3;

/**
 * After the approval: live telemetry of the covered machines over MQTT (the ingest and
 * `simulate publish` as children), scoring rounds every FLEETGATE_SCORING_INTERVAL on the worker,
 * and fleet health changing as the data arrive — a planted run-up under way at the end of the
 * history raises an alarm before its failure (or the demo says that it did not). Skipped, with a
 * note, when no MQTT broker answers.
 */
export async function liveScoring(o: LiveOptions): Promise<void> {
  const { api, token, say } = o;
  if (!(await mqttReachable(o.mqttUrl))) {
    say(`no MQTT broker answers at ${o.mqttUrl} (MQTT_URL): skipping live telemetry and scoring (install mosquitto, or point MQTT_URL at a broker)`);
    return;
  }
  if (o.covered.length === 0) {
    say('no machine is covered by a production deployment: nothing to score live');
    return;
  }
  const truth = JSON.parse(fs.readFileSync(o.truthFile, 'utf8')) as {
    end: string;
    machines: Array<{ assetId: string; runUpAtEnd?: { component: string; onset: string; failure: string } }>;
  };
  const endMs = Date.parse(truth.end);
  const covered = new Set(o.covered);
  const underWay: RunUp[] = truth.machines
    .filter((m) => m.runUpAtEnd && covered.has(m.assetId))
    .map((m) => ({
      assetId: m.assetId,
      component: m.runUpAtEnd!.component,
      onsetMs: Date.parse(m.runUpAtEnd!.onset),
      failureMs: Date.parse(m.runUpAtEnd!.failure),
    }))
    .sort((a, b) => a.failureMs - b.failureMs);
  const soon = underWay.filter((r) => r.failureMs - endMs <= RUN_UP_HORIZON_MS);
  const watched = soon.length ? soon : underWay.slice(0, 1);
  // Past the last watched failure, at least a day; at a speed that takes about a minute.
  const forMs = Math.min(MAX_SPEED * (PUBLISH_WALL_MS / 1000) * 1000, Math.max(DAY, ...watched.map((r) => r.failureMs - endMs + 2 * HOUR)));
  const forHours = Math.ceil(forMs / HOUR);
  const speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, Math.ceil((forHours * HOUR) / PUBLISH_WALL_MS)));
  if (watched.length)
    for (const r of watched)
      say(
        `planted (the simulator's truth): ${r.assetId}, covered, has a run-up (${r.component}) under way since ${iso(r.onsetMs)}; it fails at ${iso(r.failureMs)}`,
      );
  else say('none of the covered machines has a planted run-up under way at the end of the history');

  const topicPrefix = `${o.queues.prefix}/telemetry`;
  const liveEnv: NodeJS.ProcessEnv = {
    ...o.env,
    MQTT_URL: o.mqttUrl,
    FLEETGATE_MQTT_TOPIC_PREFIX: topicPrefix,
    // Its own persistent session, forgotten by the broker a minute after the demo's ingest is gone.
    FLEETGATE_MQTT_CLIENT_ID: `fleetgate-demo-ingest-${o.queues.prefix}`,
    FLEETGATE_MQTT_SESSION_EXPIRY_S: '60',
  };
  // The ingest says "ingest started" at the `log` level once it has subscribed.
  const ingest = startApp('ingest', { ...liveEnv, LOG_LEVEL: 'log' }, o.children, o.log);
  await waitForOutput(ingest, 'ingest started');
  const queue = new Queue(SCORING_QUEUE, { connection: redisOptions(o.queues.redisUrl), prefix: o.queues.prefix });
  try {
    await round(api, token, queue);
    const before = await api.ok<FleetHealthView>(token, 'GET', '/fleet/health');
    say(`before: ${counts(before)}`);
    say(
      `ingest subscribed to ${topicPrefix}/+ on ${o.mqttUrl}; publishing the ${covered.size} covered machines' next ${forHours} h at ${speed}× ` +
        `(simulate publish), scoring every ${o.env.FLEETGATE_SCORING_INTERVAL ?? '15m'} on the worker`,
    );
    const publisher = startCli<{ messages: number; samples: number; reached: string | null; stopped: boolean }>(
      ['simulate', 'publish', '--speed', String(speed), '--for', `${forHours}h`, '--machines', [...covered].join(',')],
      liveEnv,
      o.children,
    );
    let finished = false;
    const published = publisher.done.finally(() => (finished = true));
    const stopAt = Date.now() + PUBLISH_LIMIT_MS;
    const seen = new Set<string>();
    while (!finished) {
      await Promise.race([published.catch(() => undefined), sleep(POLL_MS)]);
      if (!finished && Date.now() > stopAt) publisher.child.kill('SIGTERM');
      const h = await api.ok<FleetHealthView>(token, 'GET', '/fleet/health');
      say(`  data clock ${h.dataClock ?? '-'}: ${counts(h)}${watched.length ? `; ${watched.map((r) => brief(h, r.assetId)).join(', ')}` : ''}`);
      for (const a of await newAlarms(api, token, seen))
        say(`    alarm on ${a.assetId} opened at ${a.openedAt} (score ${fmt(a.score)}, threshold ${fmt(a.threshold)})`);
    }
    const summary = await published;
    say(
      `published ${summary.messages} messages (${summary.samples} samples) up to ${summary.reached ?? '-'}${summary.stopped ? ', stopped at the time limit' : ''}`,
    );
    ingest.kill('SIGTERM');
    await round(api, token, queue);

    const { alarms } = await api.ok<{ alarms: AlarmView[] }>(token, 'GET', '/alarms?limit=1000');
    for (const r of watched) {
      // Raised (not suppressed) while the run-up was under way, before the failure.
      const first = alarms
        .filter((a) => a.assetId === r.assetId && !a.suppressed && Date.parse(a.openedAt) >= r.onsetMs && Date.parse(a.openedAt) < r.failureMs)
        .sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt))[0];
      say(
        first
          ? `planted run-up on ${r.assetId} (${r.component}, failure ${iso(r.failureMs)}): alarm opened ${first.openedAt}, ${((r.failureMs - Date.parse(first.openedAt)) / HOUR).toFixed(1)} h before the failure`
          : `planted run-up on ${r.assetId} (${r.component}, failure ${iso(r.failureMs)}): no alarm before the failure`,
      );
    }
    const after = await api.ok<FleetHealthView>(token, 'GET', '/fleet/health');
    say(`\nfleet health (\`fleetgate health\`; ${TABLE_ROWS_PER_STATE} machines per state, every alarm and watched run-up):`);
    say(healthText(excerpt(after, new Set(watched.map((r) => r.assetId)))));
    const notCovered = after.machines.filter((m) => m.state === 'not-covered').map((m) => m.assetId);
    say(`not covered (${notCovered.length}): ${notCovered.join(', ') || 'none'}`);
  } finally {
    await queue.close();
    if (ingest.exitCode === null) ingest.kill('SIGTERM');
  }
}

/** Starts a round now and waits until it and every score-machine job it fanned out are done. */
async function round(api: DemoApi, token: string, queue: Queue): Promise<void> {
  const { jobId } = await api.ok<{ jobId: string }>(token, 'POST', '/scoring/rounds');
  // Every covered machine scores its last day or two: a few minutes at most for the whole fleet on two cores.
  const until = Date.now() + 300_000;
  while (Date.now() < until) {
    const job = await queue.getJob(jobId);
    if (job && ((await job.isCompleted()) || (await job.isFailed()))) {
      const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
      const retrying = (await queue.getJobs(['delayed'])).filter((j) => j.name !== JobName.ScoreRound);
      if (retrying.length === 0 && Object.values(c).every((n) => n === 0)) return;
    }
    await sleep(250);
  }
}

async function newAlarms(api: DemoApi, token: string, seen: Set<string>): Promise<AlarmView[]> {
  const { alarms } = await api.ok<{ alarms: AlarmView[] }>(token, 'GET', '/alarms?limit=1000&suppressed=false');
  const fresh = alarms.filter((a) => !seen.has(a.id)).sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt));
  for (const a of fresh) seen.add(a.id);
  return fresh;
}

/** Every alarm and watch, the watched machines, and a few machines of each other state. */
function excerpt(h: FleetHealthView, watched: Set<string>): FleetHealthView {
  const perState = new Map<string, number>();
  const keep = (m: MachineHealthView): boolean => {
    if (m.state === 'alarm' || m.state === 'watch' || watched.has(m.assetId)) return true;
    const n = perState.get(m.state) ?? 0;
    perState.set(m.state, n + 1);
    return n < TABLE_ROWS_PER_STATE;
  };
  return { ...h, machines: h.machines.filter(keep) };
}

function counts(h: FleetHealthView): string {
  return Object.entries(h.totals.byState)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
}

function brief(h: FleetHealthView, assetId: string): string {
  const m = h.machines.find((x) => x.assetId === assetId);
  return m ? `${assetId} ${m.state}${m.score === null ? '' : ` (score ${fmt(m.score)})`}` : `${assetId} ?`;
}

const fmt = (v: number | null) => (v === null ? '-' : v.toPrecision(3));
const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
