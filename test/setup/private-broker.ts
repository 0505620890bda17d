import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
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

/**
 * A private Mosquitto for one test file: its own port and config, no persistence, and no limit
 * on the messages it queues for an offline client (the machine's shared broker keeps 1,000).
 * Stopped by its pid.
 */
export class PrivateBroker {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateBroker> {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-mqtt-'));
    const conf = path.join(dir, 'mosquitto.conf');
    fs.writeFileSync(
      conf,
      [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_queued_messages 0', 'max_inflight_messages 20', ''].join('\n'),
    );
    const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => (err += `cannot run mosquitto (install it: apt-get install mosquitto): ${e.message}`));
    const until = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null || err.startsWith('cannot run')) throw new Error(`mosquitto exited with ${child.exitCode}: ${err}`);
      if (Date.now() > until) throw new Error(`mosquitto did not listen on ${port}: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return new PrivateBroker(`mqtt://127.0.0.1:${port}`, child, dir);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      process.kill(this.child.pid!, 'SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
