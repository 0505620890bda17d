import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { TestEnv } from '../setup/harness';

/**
 * Where the built apps are. CI builds `dist/` before jest; a local run can point this at a
 * private build so it does not race anyone rebuilding `dist/`.
 */
export const DIST = process.env.FLEETGATE_TEST_DIST ? path.resolve(process.env.FLEETGATE_TEST_DIST) : path.resolve(__dirname, '../../dist');

export const workerMain = (): string => path.join(DIST, 'apps', 'worker', 'src', 'main.js');
export const cliMain = (): string => path.join(DIST, 'apps', 'cli', 'src', 'main.js');

/** The isolated test env as a child-process environment (nothing of another schema leaks in). */
export function childEnv(env: TestEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'error' };
  delete out.DATABASE_URL;
  delete out.DATABASE_SCHEMA;
  delete out.FLEETGATE_URL;
  delete out.FLEETGATE_TOKEN;
  return { ...out, ...env, ...extra };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built CLI as a child process; never rejects on a non-zero exit (the caller asserts). */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain(), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** The CLI's `--json` output, or an error that shows what it printed. */
export async function cliJson<T>(args: string[], env: NodeJS.ProcessEnv): Promise<{ value: T; ms: number }> {
  const r = await runCli([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`fleetgate ${args.join(' ')} exited with ${r.code}\n${r.stderr.slice(-2000)}`);
  return { value: JSON.parse(r.stdout) as T, ms: r.ms };
}

/**
 * A worker process (`node dist/apps/worker/src/main.js`, never through npm, so a SIGKILL
 * hits the worker itself). With LOG_LEVEL=debug it logs every machine it evaluated; those
 * lines tell which process did which machine without adding anything to production code.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  private out = '';
  private readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [workerMain()], { env: { ...env, LOG_LEVEL: 'debug' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get log(): string {
    return this.out;
  }

  /** Machine ids this process finished evaluating for the run (one entry per evaluation). */
  evaluated(runId: string): string[] {
    const out: string[] = [];
    // Nest prints an object message with util.inspect (or JSON); keys keep the logger call's order.
    const text = this.out.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    const q = `["']`;
    const re = new RegExp(
      `${q}?msg${q}?:\\s*${q}machine evaluated${q},\\s*${q}?runId${q}?:\\s*${q}([^"']+)${q},\\s*${q}?machineId${q}?:\\s*${q}([^"']+)${q}`,
      'g',
    );
    for (let m = re.exec(text); m; m = re.exec(text)) if (m[1] === runId) out.push(m[2]);
    return out;
  }

  async waitUntilStarted(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.out.includes('worker started')) {
      if (this.child.exitCode !== null) throw new Error(`worker exited with ${this.child.exitCode}:\n${this.out.slice(-2000)}`);
      if (Date.now() > until) throw new Error(`worker did not start:\n${this.out.slice(-2000)}`);
      await sleep(50);
    }
  }

  kill(signal: NodeJS.Signals): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** SIGTERM (graceful: BullMQ closes, active jobs finish), SIGKILL if that takes too long. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** `fn` with a started worker of `env`, stopped after it whatever happens. */
export async function withWorker<T>(env: NodeJS.ProcessEnv, fn: (worker: WorkerProcess) => Promise<T>): Promise<T> {
  const worker = new WorkerProcess(env);
  try {
    await worker.waitUntilStarted();
    return await fn(worker);
  } finally {
    await worker.stop();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
