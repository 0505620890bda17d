import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { Cleanup, createDatabase, dropDatabase, freePort, log, settleStore, stopChild } from './bench-env.util';
import { runCli, startApp, waitForHealth } from './children.util';
import { status, TableRow, Target } from './report.util';
import { autocannon } from './scoring.bench';

export interface RollupsBenchOptions {
  machines: number;
  days: number;
  seed: number;
  adminDatabaseUrl: string;
  /** Two databases are made from it: `<name>_on` (rollups at ingest) and `<name>_off`. */
  databaseName: string;
  workDir: string;
  /** ABBA rounds of simulate + store (with, without, without, with rollups): 4 stores each. */
  rounds: number;
  /** Requests per second autocannon holds against the 90-day plot, and for how long. */
  rate: number;
  durationSeconds: number;
}

interface PlotLoad {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  failed: number;
}

export interface RollupsResult {
  machines: number;
  days: number;
  /**
   * Rounds of four stores in the order with, without, without, with (ABBA: a drift of the host's
   * speed over the four cancels), in store order; `overhead` is the sum with over the sum without,
   * minus one — of wall time, and of the command's CPU time (null without /proc).
   */
  simulate: {
    withRollupsSeconds: number[];
    withoutRollupsSeconds: number[];
    overhead: number;
    withRollupsCpuSeconds: number[] | null;
    withoutRollupsCpuSeconds: number[] | null;
    cpuOverhead: number | null;
  };
  /** telemetry_chunks (heap + TOAST + index) stored without rollups and with them: the rollups are the difference. */
  disk: { rawBytes: number; withRollupsBytes: number; machineYears: number };
  rebuild: { seconds: number; rollups: number };
  plot: { signals: number; buckets: number; fromRollups: PlotLoad; fromRaw: PlotLoad; rate: number; seconds: number };
}

const YEAR_DAYS = 365.25;

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Step 11: what the hourly rollups (`telemetry_chunks.hours`) cost and give. The same fleet is simulated and stored four
 * times a round, with rollups at ingest, without (`FLEETGATE_ROLLUPS_AT_INGEST=false`), without, with: the
 * host's speed drifts by tens of percent within minutes, and one pair measured that drift as much
 * as the rollups (7 % and 21 % in two runs of the same code); one round still moved ±6 points
 * between runs, hence two by default. Then, on the first two stores: disk per
 * machine-year of raw chunks and of rollups; `fleetgate rollups rebuild` of the fleet stored
 * without; and the console's plot of one machine's whole history (8 signals) held at a fixed
 * rate by autocannon from a second process — from rollups, and from raw samples (the same
 * request against the store without rollups, before the rebuild: readers summarise raw days on the way).
 */
export async function runRollupsBench(o: RollupsBenchOptions, cleanup: Cleanup): Promise<RollupsResult> {
  const stores: Array<{ rollups: boolean; seconds: number; cpuSeconds: number | null }> = [];
  let on: Fleet | undefined;
  let off: Fleet | undefined;
  for (let round = 0; round < o.rounds; round++) {
    for (const [k, rollups] of [true, false, false, true].entries()) {
      // The first pair is kept for disk, plot and rebuild; the others are only timed, their databases gone before the next.
      const kept = round === 0 && k < 2;
      const suffix = `_${rollups ? 'on' : 'off'}${kept ? '' : `_${round}${k}`}`;
      const f = await fleet(o, suffix, rollups, cleanup);
      stores.push({ rollups, seconds: f.simulateSeconds, cpuSeconds: f.simulateCpuSeconds });
      if (kept && rollups) on = f;
      else if (kept) off = f;
      else await dropDatabase(o.adminDatabaseUrl, `${o.databaseName}${suffix}`);
    }
  }
  const simulate = overheads(stores);
  log(
    `simulate + store: ${simulate.withRollupsSeconds.map((x) => x.toFixed(1)).join(' + ')} s with rollups, ${simulate.withoutRollupsSeconds.map((x) => x.toFixed(1)).join(' + ')} s without (${(100 * simulate.overhead).toFixed(1)} %); the command's CPU ${simulate.cpuOverhead === null ? '?' : `${(100 * simulate.cpuOverhead).toFixed(1)} %`} more`,
  );
  if (!on || !off) throw new Error('rollups bench: no rounds (--rollup-rounds must be at least 1)');

  // Measured after VACUUM ANALYZE and a CHECKPOINT of both: the plot is then not competing with the bulk load's write-back.
  const disk = { rawBytes: await chunkTableBytes(off.databaseUrl), withRollupsBytes: await chunkTableBytes(on.databaseUrl) };
  const fromRollups = await plotLoad(o, on, cleanup);
  const fromRaw = await plotLoad(o, off, cleanup);
  log(`rollups rebuild of ${o.machines} × ${o.days} d stored without them`);
  const rebuild = await runCli<{ rollups: number }>(['rollups', 'rebuild'], off.env, cleanup);
  log(`rebuild: ${rebuild.json.rollups.toLocaleString('en')} day rollups in ${rebuild.seconds.toFixed(1)} s`);
  return {
    machines: o.machines,
    days: o.days,
    simulate,
    disk: { ...disk, machineYears: (o.machines * o.days) / YEAR_DAYS },
    rebuild: { seconds: rebuild.seconds, rollups: rebuild.json.rollups },
    plot: {
      signals: fromRollups.signals,
      buckets: fromRollups.buckets,
      fromRollups: fromRollups.load,
      fromRaw: fromRaw.load,
      rate: o.rate,
      seconds: o.durationSeconds,
    },
  };
}

/** Sums over the stores with rollups against those without. */
function overheads(stores: Array<{ rollups: boolean; seconds: number; cpuSeconds: number | null }>): RollupsResult['simulate'] {
  const withStores = stores.filter((s) => s.rollups);
  const withoutStores = stores.filter((s) => !s.rollups);
  const cpu = (side: typeof stores): number[] | null => (side.every((s) => s.cpuSeconds !== null) ? side.map((s) => s.cpuSeconds!) : null);
  const withCpu = cpu(withStores);
  const withoutCpu = cpu(withoutStores);
  const withRollupsSeconds = withStores.map((s) => s.seconds);
  const withoutRollupsSeconds = withoutStores.map((s) => s.seconds);
  return {
    withRollupsSeconds,
    withoutRollupsSeconds,
    overhead: sum(withRollupsSeconds) / sum(withoutRollupsSeconds) - 1,
    withRollupsCpuSeconds: withCpu,
    withoutRollupsCpuSeconds: withoutCpu,
    cpuOverhead: withCpu && withoutCpu ? sum(withCpu) / sum(withoutCpu) - 1 : null,
  };
}

interface Fleet {
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  simulateSeconds: number;
  /** the simulate command's own CPU time (user + system), null without /proc */
  simulateCpuSeconds: number | null;
  token: string;
  assetId: string;
  dataDir: string;
}

async function fleet(o: RollupsBenchOptions, suffix: string, rollups: boolean, cleanup: Cleanup): Promise<Fleet> {
  const name = `${o.databaseName}${suffix}`;
  // The previous store's write-back finishes first: it would otherwise bill this one.
  await settleStore(o.adminDatabaseUrl);
  const databaseUrl = await createDatabase(o.adminDatabaseUrl, name, cleanup);
  const dataDir = path.join(o.workDir, name);
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: 'public',
    FLEETGATE_DATA_DIR: dataDir,
    FLEETGATE_ROLLUPS_AT_INGEST: String(rollups),
    LOG_LEVEL: 'warn',
  };
  delete env.FLEETGATE_URL;
  delete env.FLEETGATE_TOKEN;
  await runCli(['migrate'], env, cleanup);
  const token = (await runCli<{ token: string }>(['users', 'create', '--name', 'bench-rel', '--role', 'reliability-engineer'], env, cleanup)).json.token;
  log(`${name}: simulate ${o.machines} × ${o.days} d ${rollups ? 'with' : 'without'} rollups at ingest`);
  const truthFile = path.join(dataDir, 'truth.json');
  const sim = await runCli(
    ['simulate', '--machines', String(o.machines), '--days', String(o.days), '--seed', String(o.seed), '--truth', truthFile],
    env,
    cleanup,
  );
  const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as { pilotAssetId: string };
  return { databaseUrl, env, simulateSeconds: sim.seconds, simulateCpuSeconds: sim.cpuSeconds, token, assetId: truth.pilotAssetId, dataDir };
}

async function chunkTableBytes(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('VACUUM ANALYZE telemetry_chunks');
    await db.query('CHECKPOINT');
    const { rows } = await db.query<{ bytes: string }>("SELECT pg_total_relation_size('telemetry_chunks') AS bytes");
    return Number(rows[0].bytes);
  } finally {
    await db.end();
  }
}

/** The api on the fleet's database; one machine's whole history plotted (the console's default 500 points), warm-up then held at the rate. */
async function plotLoad(o: RollupsBenchOptions, f: Fleet, cleanup: Cleanup): Promise<{ load: PlotLoad; signals: number; buckets: number }> {
  const port = await freePort();
  const env = { ...f.env, PORT: String(port) };
  const logFile = path.join(f.dataDir, 'api.log');
  const api = startApp('api', env, logFile, cleanup);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, api, logFile);
    const info = (await (await fetch(`${url}/api/machines/${f.assetId}/telemetry?points=1`, { headers: { authorization: `Bearer ${f.token}` } })).json()) as {
      to: string;
    };
    const to = info.to;
    const from = new Date(Date.parse(to) - o.days * 86_400_000).toISOString();
    const plotUrl = `${url}/api/machines/${f.assetId}/telemetry?from=${from}&to=${to}&points=500`;
    const first = (await (await fetch(plotUrl, { headers: { authorization: `Bearer ${f.token}` } })).json()) as {
      t: string[];
      signals: Record<string, unknown>;
    };
    log(`plot ${f.assetId}: ${Object.keys(first.signals).length} signals × ${first.t.length} buckets over ${o.days} d; autocannon ${o.rate} req/s`);
    // One connection: requests paced at the rate, as a console asks once per range change (ten
    // connections at 10 req/s fire in bursts of ten, and the tenth waits for the nine before it).
    await autocannon(plotUrl, f.token, o.rate, 3, cleanup, 1);
    const r = await autocannon(plotUrl, f.token, o.rate, o.durationSeconds, cleanup, 1);
    const load = { p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max, requests: r.requests.total, failed: r.non2xx + r.errors + r.timeouts };
    log(`plot: p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, ${load.requests} requests, ${load.failed} failed`);
    return { load, signals: Object.keys(first.signals).length, buckets: first.t.length };
  } finally {
    await stopChild(api);
  }
}

const perMachineYear = (bytes: number, r: RollupsResult): string => `${(bytes / r.disk.machineYears / 2 ** 20).toFixed(1)} MiB per machine-year`;

export function rollupsRows(r: RollupsResult): TableRow[] {
  const n = `${r.machines} × ${r.days} d`;
  return [
    {
      figure: `simulate + store ${n} with hourly rollups at ingest, ${r.simulate.withRollupsSeconds.length} stores (sum; ABBA order)`,
      unit: 's',
      fleetgate: sum(r.simulate.withRollupsSeconds),
      ratio: r.simulate.withRollupsSeconds.map((x) => `${x.toFixed(1)} s`).join(' + '),
    },
    {
      figure: `simulate + store ${n} without them (FLEETGATE_ROLLUPS_AT_INGEST=false), ${r.simulate.withoutRollupsSeconds.length} stores (sum)`,
      unit: 's',
      fleetgate: sum(r.simulate.withoutRollupsSeconds),
      ratio: `${r.simulate.withoutRollupsSeconds.map((x) => `${x.toFixed(1)} s`).join(' + ')}: rollups add ${(100 * r.simulate.overhead).toFixed(1)} %`,
    },
    ...(r.simulate.withRollupsCpuSeconds && r.simulate.withoutRollupsCpuSeconds
      ? [
          {
            figure: `the simulate command's own CPU (user + system) in those stores with rollups (sum)`,
            unit: 's',
            fleetgate: sum(r.simulate.withRollupsCpuSeconds),
            ratio: `without: ${sum(r.simulate.withoutRollupsCpuSeconds).toFixed(1)} s; rollups add ${(100 * r.simulate.cpuOverhead!).toFixed(1)} %`,
          },
        ]
      : []),
    {
      figure: 'disk: raw samples (telemetry_chunks without rollups: heap + TOAST + index)',
      unit: 'MiB',
      fleetgate: r.disk.rawBytes / 2 ** 20,
      ratio: perMachineYear(r.disk.rawBytes, r),
    },
    {
      figure: 'disk: hourly rollups (the same table with them, minus without)',
      unit: 'MiB',
      fleetgate: (r.disk.withRollupsBytes - r.disk.rawBytes) / 2 ** 20,
      ratio: perMachineYear(r.disk.withRollupsBytes - r.disk.rawBytes, r),
    },
    {
      figure: `fleetgate rollups rebuild, ${n} stored without them`,
      unit: 's',
      fleetgate: r.rebuild.seconds,
      ratio: `${Math.round(r.rebuild.rollups / r.rebuild.seconds).toLocaleString('en')} day rollups/s`,
    },
    ...(['fromRollups', 'fromRaw'] as const).map((k) => ({
      figure: `plot 1 machine × ${r.days} d × ${r.plot.signals} signals (${r.plot.buckets} buckets), ${r.plot.rate} req/s on 1 connection, ${k === 'fromRollups' ? 'from rollups' : 'from raw samples (no rollups stored)'}: p99`,
      unit: 'ms',
      fleetgate: r.plot[k].p99Ms,
      ratio: `p50 ${r.plot[k].p50Ms} ms, max ${r.plot[k].maxMs} ms; ${r.plot[k].failed} of ${r.plot[k].requests} not 2xx`,
    })),
  ];
}

export function rollupsTargets(r: RollupsResult | null, reason = 'skipped'): Target[] {
  return [
    {
      target: 'simulate + store slows by ≤ 15 % with rollups',
      value: r ? `${(100 * r.simulate.overhead).toFixed(1)} %` : reason,
      status: status(r !== null, r !== null && r.simulate.overhead <= 0.15),
    },
    {
      target: `90-day plot, 1 machine × 8 signals: p99 ≤ 50 ms (2nd process)${r && (r.days !== 90 || r.plot.signals !== 8) ? ` (this run: ${r.days} d × ${r.plot.signals})` : ''}`,
      value: r ? `${r.plot.fromRollups.p99Ms} ms at ${r.plot.rate} req/s (${r.plot.fromRollups.failed} not 2xx)` : reason,
      status: status(r !== null, r !== null && r.plot.fromRollups.p99Ms <= 50 && r.plot.fromRollups.failed === 0),
    },
  ];
}
