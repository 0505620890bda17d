import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { WebhookDeliveryEntity, WebhookEntity, WebhookEventEntity } from './webhook.entity';

/** The hooks, their outboxes and the delivery log. */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  insertHook(hook: WebhookEntity): Promise<unknown> {
    return this.ds.getRepository(WebhookEntity).insert(hook);
  }

  hook(id: string): Promise<WebhookEntity | null> {
    return this.ds.getRepository(WebhookEntity).findOneBy({ id });
  }

  hooks(): Promise<WebhookEntity[]> {
    return this.ds.getRepository(WebhookEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  activeHookIds(): Promise<string[]> {
    return this.ds
      .getRepository(WebhookEntity)
      .find({ select: { id: true }, where: { status: 'active' } })
      .then((r) => r.map((h) => h.id));
  }

  /** Changes the status only from the expected one; false when another request got there first. */
  async setStatus(id: string, from: WebhookEntity['status'], patch: Pick<WebhookEntity, 'status' | 'pausedReason' | 'pausedAt'>): Promise<boolean> {
    const r = await this.ds.getRepository(WebhookEntity).update({ id, status: from }, patch);
    return (r.affected ?? 0) > 0;
  }

  /** Pending and delivered counts per hook (for the list). */
  async outboxCounts(): Promise<Map<string, { pending: number; delivered: number }>> {
    const rows = (await this.ds
      .getRepository(WebhookEventEntity)
      .createQueryBuilder('e')
      .select('e.hook_id', 'hookId')
      .addSelect('e.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('e.hook_id')
      .addGroupBy('e.status')
      .getRawMany()) as Array<{ hookId: string; status: string; n: string | number }>;
    const out = new Map<string, { pending: number; delivered: number }>();
    for (const r of rows) {
      const c = out.get(r.hookId) ?? { pending: 0, delivered: 0 };
      if (r.status === 'pending') c.pending = Number(r.n);
      else c.delivered = Number(r.n);
      out.set(r.hookId, c);
    }
    return out;
  }

  /** The lowest-sequence pending event of a hook (the only one that may be sent). */
  head(hookId: string): Promise<WebhookEventEntity | null> {
    return this.ds.getRepository(WebhookEventEntity).findOne({ where: { hookId, status: 'pending' }, order: { seq: 'ASC' } });
  }

  event(id: string): Promise<WebhookEventEntity | null> {
    return this.ds.getRepository(WebhookEventEntity).findOneBy({ id });
  }

  /**
   * Claims attempt `attempt` of an event: only one process wins it. While it is in flight the row's
   * next-attempt time is `leaseUntil`, so a sweep meanwhile schedules the following attempt no
   * earlier than that (it stands in for an attempt lost with its worker) instead of at once.
   */
  async claimAttempt(eventId: string, attempt: number, leaseUntil: number): Promise<boolean> {
    const r = await this.ds
      .getRepository(WebhookEventEntity)
      .update({ id: eventId, status: 'pending', attempts: attempt - 1 }, { attempts: attempt, nextAttemptAt: leaseUntil });
    return (r.affected ?? 0) > 0;
  }

  /** Records one attempt and its consequence (delivered, retry at, or pause the hook), in one transaction. */
  async recordAttempt(
    e: WebhookEventEntity,
    attempt: number,
    result: { httpStatus: number | null; error: string | null; durationMs: number; at: number },
    then: { kind: 'delivered' } | { kind: 'retry'; atMs: number } | { kind: 'pause'; reason: string },
  ): Promise<void> {
    await this.ds.transaction(async (m: EntityManager) => {
      await m.getRepository(WebhookDeliveryEntity).insert({
        id: randomUUID(),
        hookId: e.hookId,
        eventId: e.id,
        seq: e.seq,
        type: e.type,
        attempt,
        outcome: then.kind === 'delivered' ? 'delivered' : 'failed',
        httpStatus: result.httpStatus,
        error: result.error,
        durationMs: result.durationMs,
        attemptedAt: result.at,
      });
      const events = m.getRepository(WebhookEventEntity);
      if (then.kind === 'delivered') await events.update({ id: e.id }, { status: 'delivered', deliveredAt: result.at, lastError: null });
      else await events.update({ id: e.id }, { lastError: result.error, nextAttemptAt: then.kind === 'retry' ? then.atMs : null });
      if (then.kind === 'pause')
        await m.getRepository(WebhookEntity).update({ id: e.hookId, status: 'active' }, { status: 'paused', pausedReason: then.reason, pausedAt: result.at });
    });
  }

  /** A resumed hook retries its head from attempt 1 of a fresh series. */
  async resetHead(hookId: string): Promise<void> {
    const head = await this.head(hookId);
    if (head) await this.ds.getRepository(WebhookEventEntity).update({ id: head.id, status: 'pending' }, { attempts: 0, nextAttemptAt: null });
  }

  deliveries(hookId: string, limit: number): Promise<WebhookDeliveryEntity[]> {
    return this.ds.getRepository(WebhookDeliveryEntity).find({ where: { hookId }, order: { attemptedAt: 'DESC', seq: 'DESC', attempt: 'DESC' }, take: limit });
  }
}
