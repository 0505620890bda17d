import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { connectAsync } from 'mqtt';
import { Client } from 'pg';
import { Cleanup, cpuSeconds, freePort, log, sleep, stopChild } from './bench-env.util';
import { lastLines, startApp, waitForLogLine } from './children.util';

export interface IngestBenchOptions {
  /** The fleet pipeline's database (already simulated: its machines, raw tags and stored history are reused). */
  databaseUrl: string;
  /** The environment the pipeline's children ran with (DATABASE_URL, DATABASE_SCHEMA, FLEETGATE_DATA_DIR…). */
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** At most this many of the fleet's machines publish. */
  machines: number;
  /** A unique suffix for the MQTT client ids. */
  tag: string;
}

export interface IngestResult {
  machines: number;
  messages: number;
  /** 60 per raw tag of the machine: 480 for 8 tags (the simulated fleet has one machine with 7). */
  samplesPublished: number;
  /** Samples the ingest put into the store (its `stored` counter) and of those newly written. */
  samplesStored: number;
  samplesWritten: number;
  deadLettered: number;
  /** From the first observed commit to the last one (polled every POLL_MS). */
  seconds: number;
  samplesPerSecond: number;
  messagesPerSecond: number;
  /** CPU time of the ingest process over the same span. */
  ingestCpuSeconds: number | null;
  /** Seconds to publish the queue (not part of the measured span). */
  publishSeconds: number;
}

export type IngestOutcome = { ran: true; result: IngestResult } | { ran: false; reason: string };

/** The live rate of the default simulated fleet: 400 machines × 8 signals, one sample per minute each. */
export const LIVE_RATE_SAMPLES_PER_S = (400 * 8) / 60;

const SAMPLES_PER_TAG = 60;
// About 2 400 messages (1.15 M samples) whatever the fleet size, at least 6 per machine, so the
// first message of each machine (its lookups are not cached yet) is a small part of the stream.
const MESSAGES = 2_400;
const POLL_MS = 100;
const STALL_MS = 120_000;
const TOPIC_PREFIX = 'fleetgate/telemetry';

interface Publisher {
  assetId: string;
  rawTags: string[];
  /** The first grid slot after the machine's stored history. */
  nextMs: number;
  intervalMs: number;
}

/**
 * Step 8: live ingest over MQTT into PostgreSQL. A private Mosquitto on a free port, the built
 * ingest started once to create its persistent session and stopped; then every machine's
 * messages (60 samples × its raw tags, QoS 1, on its grid right after its stored history) are
 * queued at the broker, the ingest is started again and drains them, committing each message
 * before it acknowledges it. Committed samples/s is measured from the first to the last commit
 * by polling the ingest's own counters (`live_ingest_minutes`).
 */
export async function runIngestBench(o: IngestBenchOptions, cleanup: Cleanup): Promise<IngestOutcome> {
  const probe = spawnSync('mosquitto', ['-h'], { encoding: 'utf8' });
  if ((probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return { ran: false, reason: 'mosquitto not found (apt-get install mosquitto)' };

  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  cleanup.add('close the ingest poll connection', () => db.end().catch(() => undefined));
  const publishers = await loadPublishers(db, o.machines);
  const perMachine = Math.max(6, Math.ceil(MESSAGES / publishers.length));
  const messages = perMachine * publishers.length;
  const samplesPublished = publishers.reduce((a, p) => a + p.rawTags.length * SAMPLES_PER_TAG * perMachine, 0);

  const dir = path.join(o.dataDir, 'mqtt');
  fs.mkdirSync(dir, { recursive: true });
  const brokerUrl = await startBroker(dir, cleanup);
  const env: NodeJS.ProcessEnv = {
    ...o.env,
    MQTT_URL: brokerUrl,
    FLEETGATE_MQTT_CLIENT_ID: `fgbench-ingest-${o.tag}`,
    FLEETGATE_MQTT_TOPIC_PREFIX: TOPIC_PREFIX,
    // "ingest started" is logged at level log; per-message lines are debug, so they stay out.
    LOG_LEVEL: 'log',
  };

  // The persistent session must exist before the queue is published, or the broker has no one to queue for.
  const sessionLog = path.join(dir, 'ingest-session.log');
  const first = startApp('ingest', env, sessionLog, cleanup);
  await waitForLogLine(sessionLog, 'ingest started', first);
  await stopChild(first);

  log(`ingest: queueing ${messages} messages (${publishers.length} machines × ${perMachine} × ${SAMPLES_PER_TAG} samples × their raw tags) at the broker`);
  const publishSeconds = await publishAll(brokerUrl, `fgbench-pub-${o.tag}`, publishers, perMachine, cleanup);

  const logFile = path.join(dir, 'ingest.log');
  const ingest = startApp('ingest', env, logFile, cleanup);
  const drained = await pollUntilDrained(db, messages, ingest, logFile);
  await stopChild(ingest);

  const samplesStored = drained.end.stored - drained.start.stored;
  // Every published value lands on a fresh slot of its series; anything else is a fault of the bench's stream.
  if (drained.end.stored !== samplesPublished || drained.end.written !== samplesPublished || drained.end.deadLettered > 0)
    log(
      `ingest: WARNING ${samplesPublished} samples published, ${drained.end.stored} stored, ${drained.end.written} written, ${drained.end.deadLettered} dead-lettered`,
    );
  const result: IngestResult = {
    machines: publishers.length,
    messages,
    samplesPublished,
    samplesStored: drained.end.stored,
    samplesWritten: drained.end.written,
    deadLettered: drained.end.deadLettered,
    seconds: drained.seconds,
    samplesPerSecond: samplesStored / drained.seconds,
    messagesPerSecond: (drained.end.messages - drained.start.messages) / drained.seconds,
    ingestCpuSeconds: drained.cpuSeconds,
    publishSeconds,
  };
  return { ran: true, result };
}

/** The fleet's machines with their raw tags and where their stored history ends (all 1-minute series in the simulated fleet). */
async function loadPublishers(db: Client, limit: number): Promise<Publisher[]> {
  const { rows } = await db.query<{ asset_id: string; raw_tags: string; last_ms: string; min_iv: string; max_iv: string }>(
    `SELECT m.asset_id, m.raw_tags, MAX(s.last_ms) AS last_ms, MIN(s.interval_ms) AS min_iv, MAX(s.interval_ms) AS max_iv
       FROM machines m JOIN telemetry_series s ON s.machine_id = m.id
      GROUP BY m.id, m.asset_id, m.raw_tags ORDER BY m.asset_id LIMIT $1`,
    [limit],
  );
  if (rows.length === 0) throw new Error('ingest: the bench database holds no machines with stored series');
  return rows.map((r) => {
    // One interval per machine keeps every tag's slots on its series' grid; the simulator writes 1-minute series only.
    if (r.min_iv !== r.max_iv) throw new Error(`ingest: ${r.asset_id}'s series have different intervals (${r.min_iv}, ${r.max_iv} ms)`);
    const intervalMs = Number(r.min_iv);
    return { assetId: r.asset_id, rawTags: JSON.parse(r.raw_tags) as string[], nextMs: Number(r.last_ms) + intervalMs, intervalMs };
  });
}

/** Message `b` of one machine: the next 60 slots after the previous message, a value for every raw tag. */
function payload(p: Publisher, b: number, k: number): string {
  const samples = Array.from({ length: SAMPLES_PER_TAG }, (_, i) => ({
    ts: p.nextMs + (b * SAMPLES_PER_TAG + i) * p.intervalMs,
    values: Object.fromEntries(p.rawTags.map((tag, j) => [tag, 50 + j + ((i + k) % 13) / 4])),
  }));
  return JSON.stringify({ samples });
}

/** Publishes machine by machine, round-robin (as a fleet of gateways would), QoS 1; returns the seconds it took. */
async function publishAll(url: string, clientId: string, publishers: Publisher[], perMachine: number, cleanup: Cleanup): Promise<number> {
  const started = process.hrtime.bigint();
  const client = await connectAsync(url, { clientId, clean: true, reconnectPeriod: 0 });
  cleanup.add('close the MQTT publisher', () => client.endAsync(true).catch(() => undefined));
  for (let b = 0; b < perMachine; b++) {
    // One round of every machine at a time; MQTT.js keeps them in flight together.
    await Promise.all(publishers.map((p, k) => client.publishAsync(`${TOPIC_PREFIX}/${p.assetId}`, payload(p, b, k), { qos: 1 })));
  }
  await client.endAsync();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

interface Counters {
  messages: number;
  stored: number;
  written: number;
  deadLettered: number;
}

async function counters(db: Client): Promise<Counters> {
  const { rows } = await db.query<Record<string, string | null>>(
    `SELECT SUM(messages) AS messages, SUM(stored) AS stored, SUM(written) AS written, SUM(dead_lettered) AS dead FROM live_ingest_minutes`,
  );
  const n = (v: string | null | undefined) => Number(v ?? 0);
  return { messages: n(rows[0].messages), stored: n(rows[0].stored), written: n(rows[0].written), deadLettered: n(rows[0].dead) };
}

/**
 * Polls the counters until `messages` are committed. The span runs from the first poll that saw a
 * commit to the first that saw them all, and only what was committed in between is counted, so
 * the ingest's start-up and the poll interval at either end do not bias the rate.
 */
async function pollUntilDrained(
  db: Client,
  messages: number,
  ingest: ChildProcess,
  logFile: string,
): Promise<{ start: Counters; end: Counters; seconds: number; cpuSeconds: number | null }> {
  let start: { at: bigint; c: Counters; cpu: number | null } | null = null;
  let progressAt = Date.now();
  let lastMessages = 0;
  let lastLog = Date.now();
  for (;;) {
    const at = process.hrtime.bigint();
    const c = await counters(db);
    if (c.messages > 0 && start === null) start = { at, c, cpu: cpuSeconds(ingest.pid!) };
    if (c.messages >= messages && start !== null) {
      const seconds = Number(at - start.at) / 1e9;
      const cpu = cpuSeconds(ingest.pid!);
      return { start: start.c, end: c, seconds, cpuSeconds: cpu === null || start.cpu === null ? null : cpu - start.cpu };
    }
    if (c.messages !== lastMessages) {
      lastMessages = c.messages;
      progressAt = Date.now();
    }
    if (ingest.exitCode !== null || ingest.signalCode !== null)
      throw new Error(`the ingest exited with ${ingest.exitCode ?? ingest.signalCode}: ${lastLines(logFile)}`);
    if (Date.now() - progressAt > STALL_MS)
      throw new Error(`ingest: no commit for ${STALL_MS / 1000} s at ${c.messages}/${messages} messages: ${lastLines(logFile)}`);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`  ingest: ${c.messages}/${messages} messages committed`);
    }
    await sleep(POLL_MS);
  }
}

// A private Mosquitto, the approach of test/setup/private-broker.ts copied here because test/ is
// not compiled into dist/: its own port and config in the bench's temp folder, no persistence,
// and no limit on the messages queued for an offline client (the default keeps 1 000).
async function startBroker(dir: string, cleanup: Cleanup): Promise<string> {
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_queued_messages 0', 'max_inflight_messages 20', ''].join('\n'),
  );
  const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  cleanup.add(`stop private mosquitto (pid ${child.pid})`, () => (child.pid === undefined ? undefined : stopChild(child, 5000)));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.on('error', (e) => (err += e.message));
  const until = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || child.pid === undefined) throw new Error(`mosquitto exited with ${child.exitCode}: ${err}`);
    if (Date.now() > until) throw new Error(`mosquitto did not listen on ${port}: ${err}`);
    await sleep(50);
  }
  return `mqtt://127.0.0.1:${port}`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
