import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

/** Every event a hook may subscribe to. */
export const WEBHOOK_EVENTS = [
  'model-version.registered',
  'evaluation.finished',
  'promotion.requested',
  'promotion.approved',
  'promotion.rejected',
  'promotion.rolled-back',
  'deployment.demoted',
  'deployment.reinstated',
  'alarm.raised',
  'alarm.acknowledged',
  'alarm.closed',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEventType(x: unknown): x is WebhookEventType {
  return typeof x === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(x);
}

/**
 * Puts one event in the outbox of every hook subscribed to `type` (paused hooks too: they
 * deliver it after an admin resumes them), each with the next number of that hook's sequence.
 * Call it with the transaction manager of the change the event reports, so the event commits
 * or rolls back with it. Bumping the hook's counter row-locks it on PostgreSQL (SQLite has one
 * writer), so concurrent transactions get consecutive numbers in commit order. Raw SQL on
 * purpose: any lib's transaction can call it without registering this lib's entities.
 */
export async function enqueueWebhookEvent(manager: EntityManager, type: WebhookEventType, payload: Record<string, unknown>): Promise<number> {
  const pg = manager.connection.options.type === 'postgres';
  const p = (i: number) => (pg ? `$${i}` : '?');
  const hooks = (await manager.query('SELECT id, events FROM webhooks ORDER BY id')) as Array<{ id: string; events: string }>;
  const subscribed = hooks.filter((h) => (JSON.parse(h.events) as string[]).includes(type));
  const text = JSON.stringify(payload);
  const now = Date.now();
  for (const h of subscribed) {
    await manager.query(`UPDATE webhooks SET next_seq = next_seq + 1 WHERE id = ${p(1)}`, [h.id]);
    const [{ next_seq }] = (await manager.query(`SELECT next_seq FROM webhooks WHERE id = ${p(1)}`, [h.id])) as Array<{ next_seq: number | string }>;
    await manager.query(
      `INSERT INTO webhook_events (id, hook_id, seq, type, payload, status, attempts, created_at) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8].map(p).join(', ')})`,
      [randomUUID(), h.id, Number(next_seq), type, text, 'pending', 0, now],
    );
  }
  return subscribed.length;
}
