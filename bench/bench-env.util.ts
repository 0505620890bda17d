import { ChildProcess, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { deleteQueueKeys } from '@fleetgate/queue';
import { ensureRedis as ensureDemoRedis, freePort } from '../apps/cli/src/demo/demo-services';

export { freePort };

/** The compiled tree this file runs from (dist/ for `npm run bench`): apps/ sits beside bench/. */
export const DIST_ROOT = path.resolve(__dirname, '..');
/** The repository checkout that holds that compiled tree. */
export const REPO_ROOT = path.resolve(DIST_ROOT, '..');

/**
 * Everything the bench creates (databases, Redis keys, child processes, temp files) is
 * registered here as it is created and undone in reverse order, on success, on failure
 * and on Ctrl-C alike.
 */
export class Cleanup {
  private readonly tasks: Array<{ name: string; undo: () => Promise<void> | void }> = [];
  private running: Promise<void> | null = null;

  add(name: string, undo: () => Promise<void> | void): void {
    this.tasks.push({ name, undo });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const task of this.tasks.reverse()) {
        try {
          await task.undo();
        } catch (error) {
          process.stderr.write(`cleanup: ${task.name} failed: ${(error as Error).message}\n`);
        }
      }
      this.tasks.length = 0;
    })();
    return this.running;
  }
}

export function log(text: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database next to the one DATABASE_URL names; dropped by `cleanup`. */
export async function createDatabase(adminUrl: string, name: string, cleanup: Cleanup): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  cleanup.add(`drop database ${name}`, () => admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined));
  return withDatabase(adminUrl, name);
}

/** Drops a database `createDatabase` made, before cleanup (its disk and page cache out of the next measurement). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/**
 * Lets a bulk write finish reaching the disk before a timed read: PostgreSQL's CHECKPOINT (its
 * dirty pages out, not during the next step) and the kernel's `sync` (the written files and WAL out
 * of the page cache's dirty list). Storing 400 × 90 days writes about 4 GB; on the 2-core host its
 * write-back otherwise runs during the evaluation that follows it and bills it for the write.
 * Returns the seconds it took (what the write still owed), or null where either step is refused.
 */
export async function settleStore(adminUrl: string): Promise<number | null> {
  const started = process.hrtime.bigint();
  try {
    await admin(adminUrl, (c) => c.query('CHECKPOINT'));
    execFileSync('sync');
  } catch {
    return null;
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Redis from REDIS_URL when it answers, else a private redis-server on a free port (the demo's way), stopped at cleanup. */
export async function ensureRedis(url: string, cleanup: Cleanup): Promise<string> {
  const started: ChildProcess[] = [];
  const found = await ensureDemoRedis(url, started);
  for (const child of started) cleanup.add('stop private redis-server', () => stopChild(child));
  return found;
}

/** Deletes every key under the bench's own queue prefix (BullMQ keys are `<prefix>:<queue>:…`). */
export function deleteRedisPrefix(url: string, prefix: string): Promise<number> {
  return deleteQueueKeys(url, `${prefix}:`);
}

export function makeTempDir(cleanup: Cleanup): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-bench-'));
  cleanup.add(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** CPU time (user + system) a live process has used so far, in seconds; null when /proc does not say. */
export function cpuSeconds(pid: number): number | null {
  return statCpuSeconds(String(pid), 11);
}

/**
 * CPU time (user + system) of this process's children that have exited and been waited for, in
 * seconds (cutime + cstime); null when /proc does not say. Its growth over a child's run is that
 * child's CPU when no other child exits meanwhile.
 */
export function exitedChildrenCpuSeconds(): number | null {
  return statCpuSeconds('self', 13);
}

/** Two adjacent tick counts of /proc/<pid>/stat, counted from the field after the command name, in seconds. */
function statCpuSeconds(pid: string, at: number): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are the 12th to 15th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[at]) + Number(fields[at + 1])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** Peak resident set size (VmHWM) of a live process, in bytes; null when /proc does not say. */
export function peakRssBytes(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}
