import { Queue } from 'bullmq';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redisOptions, WEBHOOK_QUEUE } from '@fleetgate/queue';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { ok } from '../evaluation/evaluation-api.util';
import { childEnv, WorkerProcess } from '../evaluation/processes.util';
import { Receiver, SECRET, until, verifies } from './receiver.util';

/**
 * The outbox is the truth, Redis only carries attempts: a retry that Redis lost (its queue wiped
 * while no worker runs) is re-created from the outbox by the next worker, and the event arrives.
 */
describe('webhook deliveries survive losing the queue', () => {
  const WEBHOOK_ENV = {
    FLEETGATE_WEBHOOK_ALLOW_PRIVATE: 'true',
    FLEETGATE_WEBHOOK_POLL_MS: '200',
    // Long enough that the retry is still waiting in Redis when the queue is wiped.
    FLEETGATE_WEBHOOK_BACKOFF_MS: '3000',
    FLEETGATE_WEBHOOK_MAX_ATTEMPTS: '5',
  };
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess | undefined;
  let queue: Queue;
  const receiver = new Receiver([500, 200]);

  beforeAll(async () => {
    env = isolatedEnv();
    Object.assign(process.env, WEBHOOK_ENV);
    api = await startApi({ env });
    queue = new Queue(WEBHOOK_QUEUE, { connection: redisOptions(env.REDIS_URL), prefix: env.FLEETGATE_QUEUE_PREFIX });
  });

  afterAll(async () => {
    await worker?.stop();
    await receiver.stop();
    await queue?.close();
    await api?.close();
    for (const k of Object.keys(WEBHOOK_ENV)) delete process.env[k];
  });

  it('re-creates the lost retry from the outbox and delivers the event', async () => {
    const hook = await ok<{ id: string }>(api.url, api.tokens.admin, 'POST', '/webhooks', {
      url: await receiver.start(),
      events: ['model-version.registered'],
      secret: SECRET,
    });
    worker = new WorkerProcess(childEnv(env, WEBHOOK_ENV));
    await worker.waitUntilStarted();
    const dir = path.resolve(__dirname, '../../models/pump-bearing-failure-gemm');
    const version = await ok<{ id: string }>(api.url, api.tokens.mle, 'POST', '/models/register', {
      manifest: { ...JSON.parse(fs.readFileSync(path.join(dir, 'fleetgate.model.json'), 'utf8')), name: 'wh-redis' },
      onnxBase64: fs.readFileSync(path.join(dir, 'model.onnx')).toString('base64'),
    });

    // The first attempt fails; its retry waits in Redis.
    await until('the first attempt', async () => receiver.got.length >= 1);
    await until('the retry queued', async () => (await queue.getJobCounts('delayed')).delayed === 1);
    await worker.stop();
    worker = undefined;
    // Redis loses everything of the queue.
    await queue.obliterate({ force: true });
    expect(Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0)).toBe(0);

    worker = new WorkerProcess(childEnv(env, WEBHOOK_ENV));
    await worker.waitUntilStarted();
    await until('the event delivered', async () => receiver.got.some((r) => r.answered === 200), 60_000);
    expect(receiver.got.map((r) => r.answered)).toEqual([500, 200]);
    expect(receiver.got.every((r) => verifies(r))).toBe(true);
    const bodies = receiver.got.map((r) => JSON.parse(r.body) as { id: string; seq: number; data: { versionId: string } });
    expect(bodies.map((b) => [b.seq, b.data.versionId])).toEqual([
      [1, version.id],
      [1, version.id],
    ]);
    // The receiver sees the 200 before the worker records it: wait for the log to catch up.
    const log = await until('the delivery recorded', async () => {
      const rows = await ok<Array<{ attempt: number; outcome: string }>>(api.url, api.tokens.admin, 'GET', `/webhooks/${hook.id}/deliveries`);
      return rows.some((d) => d.outcome === 'delivered') ? rows : null;
    });
    expect(log.map((d) => [d.attempt, d.outcome]).sort()).toEqual([
      [1, 'failed'],
      [2, 'delivered'],
    ]);
  });
});
