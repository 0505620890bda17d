import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { epochMs, id, int, ref, str, text } from './columns.util';

/** Evaluation runs and their per-machine results. */
export class Evaluation1764086700000 implements MigrationInterface {
  name = 'Evaluation1764086700000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'evaluation_runs',
        columns: [
          id(),
          ref('model_version_id'),
          text('selection'),
          epochMs('from_ms'),
          epochMs('to_ms'),
          str('status', false, '20'),
          int('total'),
          { ...int('mapping_version', true) },
          str('created_by'),
          epochMs('created_at'),
          epochMs('finished_at', true),
          text('report', true),
          str('report_hash', true, '64'),
        ],
        indices: [new TableIndex({ columnNames: ['model_version_id'] }), new TableIndex({ columnNames: ['status'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'machine_evaluations',
        columns: [
          { ...ref('run_id'), isPrimary: true },
          { ...ref('machine_id'), isPrimary: true },
          str('asset_id'),
          str('status', false, '20'),
          str('verdict', true, '30'),
          text('result', true),
          text('error', true),
          int('attempts'),
          epochMs('updated_at'),
        ],
        indices: [new TableIndex({ columnNames: ['run_id', 'status'] })],
        foreignKeys: [{ columnNames: ['run_id'], referencedTableName: 'evaluation_runs', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('machine_evaluations');
    await q.dropTable('evaluation_runs');
  }
}
