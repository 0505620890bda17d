import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { epochMs, id, int, ref, str, text } from './columns.util';

/**
 * Signed webhooks (issue 18): the hooks (with their own event sequence counter), a per-hook
 * outbox written in the same transaction as the change each event reports, and the log of
 * every delivery attempt.
 */
export class Webhooks1764088100000 implements MigrationInterface {
  name = 'Webhooks1764088100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'webhooks',
        columns: [
          id(),
          text('url'),
          /** JSON array of event types. */
          text('events'),
          text('secret'),
          str('status', false, '20'),
          text('paused_reason', true),
          epochMs('paused_at', true),
          /** The last sequence number handed out; bumped (row-locked) by every event for this hook. */
          { ...int('next_seq'), default: 0 },
          str('created_by'),
          epochMs('created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_events',
        columns: [
          id(),
          ref('hook_id'),
          int('seq'),
          str('type', false, '60'),
          text('payload'),
          str('status', false, '20'),
          { ...int('attempts'), default: 0 },
          epochMs('next_attempt_at', true),
          text('last_error', true),
          epochMs('delivered_at', true),
          epochMs('created_at'),
        ],
        uniques: [{ name: 'uq_webhook_events_hook_seq', columnNames: ['hook_id', 'seq'] }],
        indices: [{ name: 'idx_webhook_events_hook_status_seq', columnNames: ['hook_id', 'status', 'seq'] }],
        foreignKeys: [{ columnNames: ['hook_id'], referencedTableName: 'webhooks', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          id(),
          ref('hook_id'),
          ref('event_id'),
          int('seq'),
          str('type', false, '60'),
          int('attempt'),
          str('outcome', false, '20'),
          int('http_status', true),
          text('error', true),
          int('duration_ms'),
          epochMs('attempted_at'),
        ],
        indices: [{ name: 'idx_webhook_deliveries_hook_at', columnNames: ['hook_id', 'attempted_at'] }],
        foreignKeys: [
          { columnNames: ['hook_id'], referencedTableName: 'webhooks', referencedColumnNames: ['id'] },
          { columnNames: ['event_id'], referencedTableName: 'webhook_events', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('webhook_deliveries');
    await q.dropTable('webhook_events');
    await q.dropTable('webhooks');
  }
}
