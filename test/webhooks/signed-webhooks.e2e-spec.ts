import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolatedEnv, startApi, TestApi } from '../setup/harness';
import { call, ok } from '../evaluation/evaluation-api.util';
import { childEnv, WorkerProcess } from '../evaluation/processes.util';
import { Receiver, SECRET, until, verifies } from './receiver.util';

/**
 * Signed webhooks across the api and a worker process: real changes (model versions
 * registered) reach a local HTTP receiver in order and signed; a receiver that fails is retried
 * with backoff, then its hook is paused with the reason until an admin resumes it; a receiver
 * that never answers holds up no other hook; only admins manage hooks.
 */

interface HookView {
  id: string;
  status: 'active' | 'paused';
  pausedReason: string | null;
  pendingEvents: number;
  deliveredEvents: number;
}
interface DeliveryView {
  eventId: string;
  seq: number;
  attempt: number;
  outcome: string;
  httpStatus: number | null;
}
interface EventBody {
  id: string;
  type: string;
  seq: number;
  data: { model: string; version: number; versionId: string };
}

const MODEL_DIR = path.resolve(__dirname, '../../models/pump-bearing-failure-gemm');
const manifest = JSON.parse(fs.readFileSync(path.join(MODEL_DIR, 'fleetgate.model.json'), 'utf8')) as Record<string, unknown>;
const onnxBase64 = fs.readFileSync(path.join(MODEL_DIR, 'model.onnx')).toString('base64');

describe('signed webhooks (api + worker + local receivers)', () => {
  const WEBHOOK_ENV = {
    FLEETGATE_WEBHOOK_ALLOW_PRIVATE: 'true',
    FLEETGATE_WEBHOOK_POLL_MS: '200',
    FLEETGATE_WEBHOOK_BACKOFF_MS: '100',
    FLEETGATE_WEBHOOK_BACKOFF_CAP_MS: '400',
    FLEETGATE_WEBHOOK_MAX_ATTEMPTS: '3',
    FLEETGATE_WEBHOOK_TIMEOUT_MS: '120000',
  };
  let api: TestApi;
  let worker: WorkerProcess;
  // 500 twice, then 200: the first event is delivered on its third attempt.
  const good = new Receiver([500, 500, 200]);
  const hanging = new Receiver(['hang']);
  let goodHook: HookView;
  let hangingHook: HookView;
  const admin = () => api.tokens.admin;
  const register = (name: string) => ok<{ id: string }>(api.url, api.tokens.mle, 'POST', '/models/register', { manifest: { ...manifest, name }, onnxBase64 });
  const deliveredBodies = () => good.got.filter((r) => r.answered === 200).map((r) => JSON.parse(r.body) as EventBody);

  beforeAll(async () => {
    const env = isolatedEnv();
    Object.assign(process.env, WEBHOOK_ENV);
    api = await startApi({ env });
    const [goodUrl, hangingUrl] = [await good.start(), await hanging.start()];
    goodHook = await ok<HookView>(api.url, admin(), 'POST', '/webhooks', { url: goodUrl, events: ['model-version.registered'], secret: SECRET });
    hangingHook = await ok<HookView>(api.url, admin(), 'POST', '/webhooks', {
      url: hangingUrl,
      events: ['model-version.registered'],
      secret: 'another-secret-for-the-hanging-one',
    });
    worker = new WorkerProcess(childEnv(env, WEBHOOK_ENV));
    await worker.waitUntilStarted();
  });

  afterAll(async () => {
    await hanging.stop();
    await worker?.stop();
    await good.stop();
    await api?.close();
    for (const k of Object.keys(WEBHOOK_ENV)) delete process.env[k];
  });

  it('lets only admins manage hooks, never shows the secret, and names the bad field', async () => {
    for (const user of ['mle', 'rel', 'pm']) {
      expect(
        (await call(api.url, api.tokens[user], 'POST', '/webhooks', { url: 'https://hooks.example.com/x', events: ['alarm.raised'], secret: SECRET })).status,
      ).toBe(403);
      expect((await call(api.url, api.tokens[user], 'GET', '/webhooks')).status).toBe(403);
      expect((await call(api.url, api.tokens[user], 'POST', `/webhooks/${goodHook.id}/resume`)).status).toBe(403);
    }
    const list = await call<HookView[]>(api.url, admin(), 'GET', '/webhooks');
    expect(list.body.map((h) => h.id).sort()).toEqual([goodHook.id, hangingHook.id].sort());
    expect(list.text).not.toContain(SECRET);
    const bad = await call<{ message: string }>(api.url, admin(), 'POST', '/webhooks', {
      url: 'ftp://hooks.example.com/x',
      events: ['alarm.raised'],
      secret: SECRET,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('url');
    const badEvent = await call(api.url, admin(), 'POST', '/webhooks', { url: 'https://hooks.example.com/x', events: ['alarm.exploded'], secret: SECRET });
    expect(badEvent.status).toBe(400);
    expect(badEvent.text).toContain('events');
    const shortSecret = await call(api.url, admin(), 'POST', '/webhooks', { url: 'https://hooks.example.com/x', events: ['alarm.raised'], secret: 'short' });
    expect(shortSecret.status).toBe(400);
    expect(shortSecret.text).toContain('secret');
  });

  it('delivers signed events in order, retrying a failing receiver, while a hanging receiver holds up nothing', async () => {
    const versions = [];
    for (const name of ['wh-a', 'wh-b', 'wh-c']) versions.push(await register(name));
    const bodies = await until('three delivered events', async () => (deliveredBodies().length >= 3 ? deliveredBodies() : null));
    expect(bodies.map((b) => [b.seq, b.type, b.data.model])).toEqual([
      [1, 'model-version.registered', 'wh-a'],
      [2, 'model-version.registered', 'wh-b'],
      [3, 'model-version.registered', 'wh-c'],
    ]);
    expect(bodies.map((b) => b.data.versionId)).toEqual(versions.map((v) => v.id));
    // Every request was signed and verifies; the first event came three times (500, 500, 200), the others once.
    expect(good.got.every((r) => verifies(r))).toBe(true);
    expect(good.got.map((r) => (JSON.parse(r.body) as EventBody).seq)).toEqual([1, 1, 1, 2, 3]);
    expect(good.got.map((r) => r.answered)).toEqual([500, 500, 200, 200, 200]);
    // The same event keeps its id across attempts (receivers deduplicate on it).
    expect(new Set(good.got.slice(0, 3).map((r) => (JSON.parse(r.body) as EventBody).id)).size).toBe(1);
    // With a wrong secret nothing verifies.
    expect(verifies(good.got[2], 'not-the-secret-at-all')).toBe(false);

    const log = await ok<DeliveryView[]>(api.url, admin(), 'GET', `/webhooks/${goodHook.id}/deliveries`);
    const first = log.filter((d) => d.seq === 1).sort((a, b) => a.attempt - b.attempt);
    expect(first.map((d) => [d.attempt, d.outcome, d.httpStatus])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'delivered', 200],
    ]);

    // The hanging receiver got its first event and is still holding it: the other hook did not wait
    // for it, and the attempt in flight was not sent again meanwhile (the sweeps ran many times).
    expect(hanging.got.length).toBe(1);
    expect(hanging.got.every((r) => r.answered === null)).toBe(true);
    expect((await ok<HookView>(api.url, admin(), 'GET', `/webhooks/${hangingHook.id}`)).deliveredEvents).toBe(0);
  });

  it('pauses a hook after the last retry, keeps its events, and delivers them in order after an admin resumes it', async () => {
    good.script = [503];
    await register('wh-d');
    const paused = await until('the hook paused', async () => {
      const h = await ok<HookView>(api.url, admin(), 'GET', `/webhooks/${goodHook.id}`);
      return h.status === 'paused' ? h : null;
    });
    expect(paused.pausedReason).toBe('event not delivered after 3 attempts (last: HTTP 503)');
    // Events keep going to the outbox while it is paused, and nothing is sent.
    await register('wh-e');
    const sent = good.got.length;
    const still = await ok<HookView>(api.url, admin(), 'GET', `/webhooks/${goodHook.id}`);
    expect(still).toMatchObject({ status: 'paused', pendingEvents: 2, deliveredEvents: 3 });
    expect(good.got.slice(5).map((r) => [(JSON.parse(r.body) as EventBody).seq, r.answered])).toEqual([
      [4, 503],
      [4, 503],
      [4, 503],
    ]);

    good.script = [200];
    expect((await call(api.url, api.tokens.rel, 'POST', `/webhooks/${goodHook.id}/resume`)).status).toBe(403);
    expect((await call(api.url, admin(), 'POST', `/webhooks/${goodHook.id}/resume`)).status).toBe(200);
    expect((await call(api.url, admin(), 'POST', `/webhooks/${goodHook.id}/resume`)).status).toBe(409);
    const bodies = await until('the held events delivered', async () => (deliveredBodies().length >= 5 ? deliveredBodies() : null));
    expect(bodies.map((b) => [b.seq, b.data.model])).toEqual([
      [1, 'wh-a'],
      [2, 'wh-b'],
      [3, 'wh-c'],
      [4, 'wh-d'],
      [5, 'wh-e'],
    ]);
    expect(good.got.slice(sent).every((r) => verifies(r))).toBe(true);
    // The receiver sees the last delivery before the worker records it: wait for the outbox to catch up.
    const done = await until('the outbox drained', async () => {
      const h = await ok<HookView>(api.url, admin(), 'GET', `/webhooks/${goodHook.id}`);
      return h.pendingEvents === 0 ? h : null;
    });
    expect(done).toMatchObject({ status: 'active', pendingEvents: 0, deliveredEvents: 5 });
  });
});
