import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { bool, epochMs, int, ref, str, text } from './columns.util';

/**
 * Live telemetry over MQTT: each signal's nominal sampling interval (the grid of a series that
 * only live data ever fed, until a message carries enough samples to infer it), dead letters
 * (one row per refused message with its payload, one per reason within it), per-minute
 * counters and the last message per machine — all in the database so they survive restarts.
 */
export class LiveIngest1764087600000 implements MigrationInterface {
  name = 'LiveIngest1764087600000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('signals', new TableColumn({ ...epochMs('nominal_interval_ms'), default: 60_000 }));
    await q.createTable(
      new Table({
        name: 'live_dead_messages',
        columns: [
          // sha256 of topic and payload: a redelivered message adds no second row
          { ...str('message_hash', false, '64'), isPrimary: true },
          str('topic', false, '500'),
          str('asset_id', true, '200'),
          epochMs('received_at'),
          text('payload'),
          int('payload_bytes'),
          bool('truncated'),
        ],
        indices: [{ columnNames: ['received_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'live_dead_letters',
        columns: [
          { ...str('message_hash', false, '64'), isPrimary: true },
          { ...str('kind', false, '40'), isPrimary: true },
          { ...str('tag', false, '200'), isPrimary: true },
          str('asset_id', true, '200'),
          text('detail'),
          int('samples'),
          epochMs('received_at'),
        ],
        foreignKeys: [
          { columnNames: ['message_hash'], referencedTableName: 'live_dead_messages', referencedColumnNames: ['message_hash'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await q.createIndex('live_dead_letters', new TableIndex({ columnNames: ['kind', 'received_at'] }));
    await q.createTable(
      new Table({
        name: 'live_ingest_minutes',
        columns: [
          { ...epochMs('minute'), isPrimary: true },
          epochMs('messages'),
          epochMs('samples'),
          epochMs('stored'),
          epochMs('written'),
          epochMs('snapped'),
          epochMs('dead_lettered'),
          epochMs('dead_letter_messages'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'live_machines',
        columns: [{ ...ref('machine_id'), isPrimary: true }, epochMs('last_message_at'), epochMs('last_sample_ms', true), epochMs('messages')],
        foreignKeys: [{ columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['live_machines', 'live_ingest_minutes', 'live_dead_letters', 'live_dead_messages']) await q.dropTable(t);
    await q.dropColumn('signals', 'nominal_interval_ms');
  }
}
