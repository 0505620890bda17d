import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { DIST, sleep } from '../evaluation/processes.util';

export const ingestMain = (): string => path.join(DIST, 'apps', 'ingest', 'src', 'main.js');

/** The built ingest (`node dist/apps/ingest/src/main.js`, never through npm, so a SIGKILL hits it). */
export class IngestProcess {
  readonly child: ChildProcess;
  private out = '';
  private readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [ingestMain()], { env: { ...env, LOG_LEVEL: 'log' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get log(): string {
    return this.out;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitUntilStarted(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.out.includes('ingest started')) {
      if (!this.running) throw new Error(`ingest exited with ${this.child.exitCode}:\n${this.out.slice(-2000)}`);
      if (Date.now() > until) throw new Error(`ingest did not start:\n${this.out.slice(-2000)}`);
      await sleep(50);
    }
  }

  kill(signal: NodeJS.Signals): Promise<number | null> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  async stop(timeoutMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
