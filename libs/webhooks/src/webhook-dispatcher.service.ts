import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { lookup } from 'node:dns/promises';
import { Periodic, startPeriodic } from '@fleetgate/common';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { jobId, JobName, JobPayloads, WEBHOOK_QUEUE } from '@fleetgate/queue';
import { afterAttempt, nextDelivery } from './webhook-delivery.util';
import { WebhookEventEntity } from './webhook.entity';
import { WebhookRepository } from './webhook.repository';
import { SIGNATURE_HEADER, signDelivery, TIMESTAMP_HEADER } from './webhook-signature.util';
import { isPrivateAddress } from './webhook-url.util';

type Payload = JobPayloads[JobName.DeliverWebhook];

const LEASE_MARGIN_MS = 5000;
/** Delayed jobs and the row's clock come from different processes; a job this close to its time is on time. */
const EARLY_TOLERANCE_MS = 250;

/**
 * Delivery, in the worker. The outbox is the truth: BullMQ only carries one job per attempt at
 * the head event of an active hook (deterministic id: event + attempt), so a later event waits
 * while an earlier one retries, and a sweep every FLEETGATE_WEBHOOK_POLL_MS re-creates whatever
 * Redis lost and picks up new events and resumed hooks. Retries are scheduled from the outbox
 * (attempt count and next-attempt time live in the row), not by BullMQ's own retry, so they
 * survive a Redis restart. A claimed attempt holds a lease in the same row: a receiver slower than
 * the sweep gets each attempt once, and an attempt lost with its worker is retried when it expires.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private loop?: Periodic;

  constructor(
    private readonly repo: WebhookRepository,
    @InjectQueue(WEBHOOK_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = startPeriodic(
      () => this.sweep(),
      this.config.webhookPollMs,
      (error) => this.logger.warn({ msg: 'webhook sweep failed', error: error instanceof Error ? error.message : String(error) }),
    );
  }

  onApplicationShutdown(): void {
    this.loop?.stop();
  }

  /** Enqueues the head of every active hook's outbox; returns how many hooks have one. */
  async sweep(): Promise<number> {
    let n = 0;
    for (const hookId of await this.repo.activeHookIds()) if (await this.enqueueHead(hookId)) n++;
    return n;
  }

  private async enqueueHead(hookId: string): Promise<boolean> {
    const head = await this.repo.head(hookId);
    const next = nextDelivery('active', head ? [head] : [], Date.now());
    if (!next) return false;
    const data: Payload = { hookId, eventId: next.eventId, attempt: next.attempt };
    await this.queue.add(JobName.DeliverWebhook, data, {
      jobId: jobId(JobName.DeliverWebhook, next.eventId, String(next.attempt)),
      delay: next.delayMs,
      attempts: 1,
      removeOnComplete: true,
      removeOnFail: true,
    });
    return true;
  }

  /** One attempt at one event; a stale job (delivered, paused, not the head, attempt taken) does nothing. */
  async deliver(job: Payload): Promise<void> {
    const hook = await this.repo.hook(job.hookId);
    if (!hook || hook.status !== 'active') return;
    const head = await this.repo.head(job.hookId);
    if (!head || head.id !== job.eventId || head.attempts !== job.attempt - 1) return;
    // Early: a job scheduled at an earlier claim's lease; the sweep re-creates it at the row's time.
    if (head.nextAttemptAt !== null && head.nextAttemptAt - Date.now() > EARLY_TOLERANCE_MS) return;
    if (!(await this.repo.claimAttempt(head.id, job.attempt, Date.now() + this.leaseMs()))) return;
    const at = Date.now();
    const outcome = await this.post(hook.url, hook.secret, head);
    const durationMs = Date.now() - at;
    const policy = { maxAttempts: this.config.webhookMaxAttempts, baseMs: this.config.webhookBackoffMs, capMs: this.config.webhookBackoffCapMs };
    const verdict = afterAttempt(job.attempt, outcome, policy);
    const error = outcome.error ?? (verdict.kind === 'delivered' ? null : `HTTP ${outcome.status}`);
    const then = verdict.kind === 'retry' ? { kind: 'retry' as const, atMs: Date.now() + verdict.delayMs } : verdict;
    await this.repo.recordAttempt(head, job.attempt, { httpStatus: outcome.status ?? null, error, durationMs, at }, then);
    // A sweep during the attempt may have queued the next one at the lease's end; the outcome replaces it.
    await this.queue.remove(jobId(JobName.DeliverWebhook, head.id, String(job.attempt + 1)));
    const log = { hookId: hook.id, eventId: head.id, seq: head.seq, type: head.type, attempt: job.attempt, httpStatus: outcome.status, error };
    if (verdict.kind === 'delivered') {
      this.logger.log({ msg: 'webhook delivered', ...log });
      await this.enqueueHead(hook.id);
    } else if (verdict.kind === 'retry') {
      this.logger.warn({ msg: 'webhook attempt failed, will retry', ...log, retryInMs: verdict.delayMs });
      await this.enqueueHead(hook.id);
    } else {
      this.logger.warn({ msg: 'webhook paused', ...log, reason: verdict.reason });
    }
  }

  /** How long a claimed attempt may take before the next one is presumed due: the POST's timeout plus its name lookup. */
  private leaseMs(): number {
    return this.config.webhookTimeoutMs + LEASE_MARGIN_MS;
  }

  /** POSTs the signed event; a receiver that hangs is cut off at FLEETGATE_WEBHOOK_TIMEOUT_MS. Redirects are not followed. */
  private async post(url: string, secret: string, e: WebhookEventEntity): Promise<{ status?: number; error?: string }> {
    const body = JSON.stringify({ id: e.id, type: e.type, seq: e.seq, createdAt: new Date(e.createdAt).toISOString(), data: JSON.parse(e.payload) as unknown });
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const refused = await this.privateTarget(url);
      if (refused) return { error: refused };
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.webhookTimeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'fleetgate-webhooks',
          'x-fleetgate-event': e.type,
          'x-fleetgate-event-id': e.id,
          [TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
          [SIGNATURE_HEADER.toLowerCase()]: signDelivery(secret, timestamp, body),
        },
        body,
      });
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return { error: `no answer within ${this.config.webhookTimeoutMs} ms` };
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return { error: `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500) };
    }
  }

  /** Registration checks IP literals; a name is checked here, on what it resolves to now. */
  private async privateTarget(url: string): Promise<string | null> {
    if (this.config.webhookAllowPrivate) return null;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    const addresses = await lookup(host, { all: true });
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    return bad ? `refused: ${host} resolves to a private address (${bad.address})` : null;
  }
}
