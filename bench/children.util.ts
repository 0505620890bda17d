import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cleanup, DIST_ROOT, exitedChildrenCpuSeconds, sleep, stopChild } from './bench-env.util';

export interface CliResult<T> {
  json: T;
  /** Wall time of the whole child process, Node start-up included. */
  seconds: number;
  /** Its CPU time (user + system), when no other child exited meanwhile; null without /proc. */
  cpuSeconds: number | null;
}

/**
 * Runs a command of the built CLI as a child with the bench environment and parses its
 * --json output. Its stderr (progress lines) is passed through, prefixed, so a long
 * simulate shows it is alive; the last lines are kept for the error message.
 */
export function runCli<T>(args: string[], env: NodeJS.ProcessEnv, cleanup: Cleanup): Promise<CliResult<T>> {
  const started = process.hrtime.bigint();
  const cpuBefore = exitedChildrenCpuSeconds();
  const child = spawn(process.execPath, [path.join(DIST_ROOT, 'apps', 'cli', 'src', 'main.js'), ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.add(`stop cli ${args[0]}`, () => stopChild(child, 2000));
  let out = '';
  const tail: string[] = [];
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    for (const line of d
      .toString()
      .split(/[\r\n]+/)
      .filter(Boolean)) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      process.stderr.write(`    ${args[0]}: ${line}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuAfter = exitedChildrenCpuSeconds();
      const cpuSeconds = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
      if (code !== 0) return reject(new Error(`fleetgate ${args.join(' ')} exited with ${code ?? signal}: ${tail.slice(-5).join(' | ')}`));
      try {
        resolve({ json: JSON.parse(out) as T, seconds, cpuSeconds });
      } catch {
        reject(new Error(`fleetgate ${args[0]} printed no JSON: ${out.slice(0, 300)}`));
      }
    });
  });
}

/** Starts the built api, worker or ingest as a direct child (its pid is the Node process itself, for VmHWM). */
export function startApp(name: 'api' | 'worker' | 'ingest', env: NodeJS.ProcessEnv, logFile: string, cleanup: Cleanup): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  // BENCH_CPU_PROFILE_DIR=<dir>: the children write V8 CPU profiles there on exit (where the time goes).
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE_DIR)}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(DIST_ROOT, 'apps', name, 'src', 'main.js')], { env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  cleanup.add(`stop ${name} (pid ${child.pid})`, () => stopChild(child));
  return child;
}

export async function waitForHealth(url: string, child: ChildProcess, logFile: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the api exited with ${child.exitCode}: ${lastLines(logFile)}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the api did not become healthy at ${url}: ${lastLines(logFile)}`);
}

/** Waits until a line of the child's log contains `text`, or satisfies it (the ingest says "ingest started" once it has subscribed). */
export async function waitForLogLine(logFile: string, text: string | ((line: string) => boolean), child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const matches = typeof text === 'string' ? (line: string) => line.includes(text) : text;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`pid ${child.pid} exited with ${child.exitCode ?? child.signalCode}: ${lastLines(logFile)}`);
    let log = '';
    try {
      log = fs.readFileSync(logFile, 'utf8');
    } catch {
      // not written yet
    }
    if (log.split('\n').some(matches)) return;
    if (Date.now() > until)
      throw new Error(`${typeof text === 'string' ? `"${text}"` : 'the awaited line'} did not appear in ${logFile}: ${lastLines(logFile)}`);
    await sleep(100);
  }
}

/**
 * Waits until this worker has logged that it started (the line comes once its queues and its
 * assessment threads are ready; the worker must log at level `log`): a timed request then measures
 * the evaluation, not the worker's start-up.
 */
export function waitForWorkerStarted(logFile: string, worker: ChildProcess): Promise<void> {
  const mine = `"pid":${worker.pid},`;
  return waitForLogLine(logFile, (line) => line.includes(mine) && line.includes('"msg":"worker started"'), worker);
}

export function lastLines(file: string, n = 8): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-n).join(' | ');
  } catch {
    return '(no log)';
  }
}

/** A minimal JSON client for the api, one token per client. */
export class ApiClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/api${route}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${route} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
