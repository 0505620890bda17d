import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions, TableIndex } from 'typeorm';
import { epochMs, id, real, ref, str, text } from './columns.util';

/** A boolean without a default (the entities always write it). */
const flag = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'boolean', isNullable: nullable });

/**
 * Production scoring (issue 16): one score per machine × version × window end (the primary key
 * makes a retried job an upsert), each machine's health, alarms with their acknowledgement,
 * planned-maintenance windows, and the outbox the event stream is served from. Deployments get
 * an optional alarm rule (JSON `{ k, n, m }`; null = the documented defaults).
 */
export class Scoring1764087900000 implements MigrationInterface {
  name = 'Scoring1764087900000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'machine_scores',
        columns: [
          { ...ref('machine_id'), isPrimary: true },
          { ...ref('model_version_id'), isPrimary: true },
          { ...epochMs('window_end_ms'), isPrimary: true },
          ref('deployment_id'),
          real('score'),
          real('threshold'),
          flag('beyond'),
          flag('healthy'),
          epochMs('scored_at'),
        ],
        foreignKeys: [
          { columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'] },
          { columnNames: ['model_version_id'], referencedTableName: 'model_versions', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'machine_health',
        columns: [
          { ...ref('machine_id'), isPrimary: true },
          str('state', false, '20'),
          text('reason', true),
          ref('deployment_id', true),
          ref('model_version_id', true),
          real('score', true),
          real('threshold', true),
          flag('higher_is_worse', true),
          epochMs('window_end_ms', true),
          epochMs('last_data_ms', true),
          str('quality_grade', true, '20'),
          epochMs('updated_at'),
        ],
        foreignKeys: [{ columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alarms',
        columns: [
          id(),
          ref('machine_id'),
          ref('deployment_id'),
          ref('model_version_id'),
          str('status', false, '20'),
          flag('suppressed'),
          ref('maintenance_window_id', true),
          epochMs('opened_at_ms'),
          real('opened_score'),
          real('threshold'),
          epochMs('link_horizon_ms'),
          str('acknowledged_by', true),
          epochMs('acknowledged_at', true),
          text('note', true),
          str('outcome', true, '20'),
          epochMs('closed_at_ms', true),
          text('closed_reason', true),
          epochMs('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_alarms_machine', columnNames: ['machine_id', 'opened_at_ms'] }),
          new TableIndex({ name: 'IDX_alarms_deployment', columnNames: ['deployment_id'] }),
        ],
        foreignKeys: [{ columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'maintenance_windows',
        columns: [
          id(),
          ref('machine_id', true),
          ref('line_id', true),
          epochMs('from_ms'),
          epochMs('to_ms'),
          text('reason'),
          str('created_by'),
          epochMs('created_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_maintenance_windows_to', columnNames: ['to_ms'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'stream_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('type', false, '40'),
          str('site', true),
          ref('machine_id', true),
          text('payload'),
          epochMs('created_at'),
        ],
      }),
    );
    await q.addColumn('deployments', new TableColumn(text('alarm_rule', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('deployments', 'alarm_rule');
    for (const t of ['stream_events', 'maintenance_windows', 'alarms', 'machine_health', 'machine_scores']) await q.dropTable(t);
  }
}
