import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { connectAsync } from 'mqtt';
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

/** Starts a built app (api, worker or ingest) as a child process with the demo's environment. */
export function startApp(name: 'api' | 'worker' | 'ingest', env: NodeJS.ProcessEnv, children: ChildProcess[], logFile: NodeJS.WritableStream): ChildProcess {
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

/**
 * Like `runCli`, but the child is kept in `children` (stopped with the demo) and returned, so the
 * caller can stop it early (SIGTERM: `simulate publish` stops cleanly and still prints its summary).
 */
export function startCli<T>(args: string[], env: NodeJS.ProcessEnv, children: ChildProcess[]): { child: ChildProcess; done: Promise<T> } {
  const child = spawn(process.execPath, [path.join(DIST, 'apps', 'cli', 'src', 'main.js'), ...args, '--json'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<T>((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`fleetgate ${args.join(' ')} exited with ${code}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`fleetgate ${args[0]} printed no JSON: ${out.slice(0, 200)}`));
      }
    });
  });
  return { child, done };
}

/** Whether an MQTT broker accepts a connection at `url` (a throwaway clean session). */
export async function mqttReachable(url: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const client = await connectAsync(
      url,
      { connectTimeout: timeoutMs, reconnectPeriod: 0, clean: true, clientId: `fleetgate-demo-probe-${process.pid}` },
      false,
    );
    await client.endAsync();
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `text` appears in the child's stdout or stderr (e.g. the ingest's "ingest started"). */
export function waitForOutput(child: ChildProcess, text: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => finish(new Error(`"${text}" did not appear within ${timeoutMs / 1000} s`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-4096);
      if (seen.includes(text)) finish();
    };
    const onExit = (code: number | null) => finish(new Error(`exited with ${code} before "${text}"`));
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
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
