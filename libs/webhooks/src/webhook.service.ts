import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor } from '@fleetgate/common';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { isWebhookEventType, WEBHOOK_EVENTS, WebhookEventType } from './webhook-events';
import { webhookErrors } from './webhook.exception';
import { WebhookRepository } from './webhook.repository';
import { checkWebhookUrl } from './webhook-url.util';

export interface WebhookInput {
  url: unknown;
  events: unknown;
  secret: unknown;
}

/** A hook as the api shows it: never its secret. */
export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEventType[];
  status: 'active' | 'paused';
  pausedReason: string | null;
  pausedAt: string | null;
  pendingEvents: number;
  deliveredEvents: number;
  createdBy: string;
  createdAt: string;
}

export interface DeliveryView {
  eventId: string;
  seq: number;
  type: string;
  attempt: number;
  outcome: 'delivered' | 'failed';
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  attemptedAt: string;
}

const MIN_SECRET = 16;

/** Admin side of webhooks: register, list, pause/resume, the delivery log. */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    private readonly repo: WebhookRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: WebhookInput, actor: Actor): Promise<WebhookView> {
    const url = checkWebhookUrl(input.url, this.config.webhookAllowPrivate);
    if (!url.ok) throw webhookErrors.invalid('url', url.reason!);
    if (!Array.isArray(input.events) || input.events.length === 0)
      throw webhookErrors.invalid('events', `must list at least one of ${WEBHOOK_EVENTS.join(', ')}`);
    const bad = input.events.find((e) => !isWebhookEventType(e));
    if (bad !== undefined) throw webhookErrors.invalid('events', `unknown event "${String(bad)}" (events: ${WEBHOOK_EVENTS.join(', ')})`);
    if (typeof input.secret !== 'string' || input.secret.length < MIN_SECRET || input.secret.length > 512)
      throw webhookErrors.invalid('secret', `must be a string of ${MIN_SECRET} to 512 characters`);
    const hook = Object.assign(new WebhookEntity(), {
      id: randomUUID(),
      url: input.url as string,
      events: JSON.stringify([...new Set(input.events as string[])].sort()),
      secret: input.secret,
      status: 'active' as const,
      pausedReason: null,
      pausedAt: null,
      nextSeq: 0,
      createdBy: actor.name,
      createdAt: Date.now(),
    });
    await this.repo.insertHook(hook);
    this.logger.log({ msg: 'webhook created', hookId: hook.id, url: hook.url, events: hook.events, by: actor.name });
    return view(hook, { pending: 0, delivered: 0 });
  }

  async list(): Promise<WebhookView[]> {
    const counts = await this.repo.outboxCounts();
    return (await this.repo.hooks()).map((h) => view(h, counts.get(h.id) ?? { pending: 0, delivered: 0 }));
  }

  async get(id: string): Promise<WebhookView> {
    const h = await this.repo.hook(id);
    if (!h) throw webhookErrors.notFound(id);
    return view(h, (await this.repo.outboxCounts()).get(id) ?? { pending: 0, delivered: 0 });
  }

  async deliveries(id: string, limit = 100): Promise<DeliveryView[]> {
    if (!(await this.repo.hook(id))) throw webhookErrors.notFound(id);
    return (await this.repo.deliveries(id, Math.min(Math.max(1, limit), 1000))).map(deliveryView);
  }

  async pause(id: string, actor: Actor): Promise<WebhookView> {
    const h = await this.repo.hook(id);
    if (!h) throw webhookErrors.notFound(id);
    if (!(await this.repo.setStatus(id, 'active', { status: 'paused', pausedReason: `paused by ${actor.name}`, pausedAt: Date.now() })))
      throw webhookErrors.stateUnchanged(id, 'paused');
    this.logger.log({ msg: 'webhook paused', hookId: id, by: actor.name });
    return this.get(id);
  }

  /** Resumes delivery: the event it stopped at is retried first, with a fresh series of attempts. */
  async resume(id: string, actor: Actor): Promise<WebhookView> {
    const h = await this.repo.hook(id);
    if (!h) throw webhookErrors.notFound(id);
    if (h.status !== 'paused') throw webhookErrors.stateUnchanged(id, 'active');
    await this.repo.resetHead(id);
    if (!(await this.repo.setStatus(id, 'paused', { status: 'active', pausedReason: null, pausedAt: null }))) throw webhookErrors.stateUnchanged(id, 'active');
    this.logger.log({ msg: 'webhook resumed', hookId: id, by: actor.name });
    return this.get(id);
  }
}

function view(h: WebhookEntity, counts: { pending: number; delivered: number }): WebhookView {
  return {
    id: h.id,
    url: h.url,
    events: JSON.parse(h.events) as WebhookEventType[],
    status: h.status,
    pausedReason: h.pausedReason,
    pausedAt: h.pausedAt === null ? null : new Date(h.pausedAt).toISOString(),
    pendingEvents: counts.pending,
    deliveredEvents: counts.delivered,
    createdBy: h.createdBy,
    createdAt: new Date(h.createdAt).toISOString(),
  };
}

function deliveryView(d: WebhookDeliveryEntity): DeliveryView {
  return {
    eventId: d.eventId,
    seq: d.seq,
    type: d.type,
    attempt: d.attempt,
    outcome: d.outcome,
    httpStatus: d.httpStatus,
    error: d.error,
    durationMs: d.durationMs,
    attemptedAt: new Date(d.attemptedAt).toISOString(),
  };
}
