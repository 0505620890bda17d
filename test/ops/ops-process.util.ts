import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { DIST, sleep } from '../evaluation/processes.util';

export const apiMain = (): string => path.join(DIST, 'apps', 'api', 'src', 'main.js');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The built api as its own process (`node dist/apps/api/src/main.js`), its stdout and stderr kept as its log. */
export class ApiProcess {
  readonly child: ChildProcess;
  private out = '';
  private readonly exited: Promise<number | null>;

  constructor(
    env: NodeJS.ProcessEnv,
    readonly port: number,
  ) {
    this.child = spawn(process.execPath, [apiMain()], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this.out;
  }

  async waitUntilListening(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!/"msg":"listening"/.test(this.out)) {
      if (this.child.exitCode !== null) throw new Error(`api exited with ${this.child.exitCode}:\n${this.out.slice(-2000)}`);
      if (Date.now() > until) throw new Error(`api did not start:\n${this.out.slice(-2000)}`);
      await sleep(50);
    }
  }

  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** GET /metrics of a process's metrics port. */
export async function scrape(port: number): Promise<{ status: number; contentType: string; samples: Sample[]; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', samples: parseMetrics(text), text };
}

/** The sum of the samples named `name` whose labels include `labels`; undefined when there is none. */
export function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const hits = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hits.length ? hits.reduce((a, s) => a + s.value, 0) : undefined;
}

/** The JSON lines of a log (anything else is returned under `other`, so a test can require there is none). */
export function logLines(log: string): { lines: Array<Record<string, unknown>>; other: string[] } {
  const lines: Array<Record<string, unknown>> = [];
  const other: string[] = [];
  for (const raw of log.split('\n')) {
    if (!raw.trim()) continue;
    try {
      lines.push(JSON.parse(raw) as Record<string, unknown>);
    } catch {
      other.push(raw);
    }
  }
  return { lines, other };
}
