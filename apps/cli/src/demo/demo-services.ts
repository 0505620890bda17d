import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { pingRedis } from '@fleetgate/queue';

/** Repo root, from dist/apps/cli/src/demo. */
export const ROOT = path.resolve(__dirname, '../../../../..');
/** The build this CLI runs from (dist/ in the repo): the demo starts its api and worker from the same one. */
export const DIST = path.resolve(__dirname, '../../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Redis from REDIS_URL when it answers; otherwise a private redis-server on a free port
 * (stopped with the demo); otherwise a clear message on how to get one.
 */
export async function ensureRedis(wanted: string, children: ChildProcess[]): Promise<string> {
  if (await pingRedis(wanted)) return wanted;
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new Error(
      `no Redis answers at ${wanted} and redis-server is not installed: install it (e.g. apt-get install redis-server) or set REDIS_URL to a running Redis`,
    );
  }
  const port = await freePort();
  const child = spawn(which.stdout.trim(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(child);
  const privateUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await pingRedis(privateUrl, 300)) return privateUrl;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('started a private redis-server but it does not answer');
}

/** Starts a built app (api or worker) as a child process with the demo's environment. */
export function startApp(name: 'api' | 'worker', env: NodeJS.ProcessEnv, children: ChildProcess[], logFile: NodeJS.WritableStream): ChildProcess {
  const child = spawn(process.execPath, [path.join(DIST, 'apps', name, 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(logFile, { end: false });
  child.stderr!.pipe(logFile, { end: false });
  children.push(child);
  return child;
}

/** Runs an operator command of this CLI as a child; its stderr (progress) goes to ours. Returns parsed --json stdout. */
export function runCli<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(DIST, 'apps', 'cli', 'src', 'main.js'), ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`fleetgate ${args.join(' ')} exited with ${code}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`fleetgate ${args[0]} printed no JSON: ${out.slice(0, 200)}`));
      }
    });
  });
}

export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the api did not become healthy at ${url}`);
}

export function stopAll(children: ChildProcess[]): void {
  for (const c of children.reverse()) if (c.exitCode === null) c.kill('SIGTERM');
}
