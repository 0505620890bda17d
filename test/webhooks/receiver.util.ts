import { createHmac, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { sleep } from '../evaluation/processes.util';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number | null;
}

/** A receiver that answers each request with the next scripted status (the last one repeats); `hang` never answers. */
export class Receiver {
  readonly got: Received[] = [];
  private server!: http.Server;
  constructor(public script: Array<number | 'hang'>) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const r: Received = { headers: req.headers, body, answered: null };
        this.got.push(r);
        const next = this.script.length > 1 ? this.script.shift()! : this.script[0];
        if (next === 'hang') return;
        r.answered = next;
        res.writeHead(next, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

export const SECRET = 'e2e-receiver-secret-0123456789';
/** How a receiver verifies a delivery (the README's recipe): HMAC over "timestamp.body", constant-time compare, a 5-minute window. */
export function verifies(r: Received, secret = SECRET): boolean {
  const ts = String(r.headers['x-fleetgate-timestamp']);
  const sig = String(r.headers['x-fleetgate-signature']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`;
  const fresh = Math.abs(Date.now() / 1000 - Number(ts)) <= 300;
  return fresh && expected.length === sig.length && timingSafeEqual(Buffer.from(expected), Buffer.from(sig));
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
