import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { epochMs, id, int, real, ref, str, text } from './columns.util';

/**
 * Per-machine baselines (issue 14). `machine_baselines` holds the explicit baseline periods a
 * reliability engineer gave a machine (e.g. after an overhaul), versioned per machine; the
 * automatic baseline is derived from the data and stored with the evaluation, not here.
 * Deployments pin which baseline and threshold apply to the machine they serve (null on rows
 * written before this: a raw model at the version's threshold), and can be suspended (still
 * `active`, so rollback and the consistency check keep their meaning) until the machine is
 * re-evaluated.
 */
export class MachineBaselines1764087700000 implements MigrationInterface {
  name = 'MachineBaselines1764087700000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'machine_baselines',
        columns: [id(), ref('machine_id'), int('version'), epochMs('from_ms'), epochMs('to_ms'), text('note'), str('created_by'), epochMs('created_at')],
        indices: [new TableIndex({ name: 'UQ_machine_baselines_version', columnNames: ['machine_id', 'version'], isUnique: true })],
        foreignKeys: [{ columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'] }],
      }),
    );
    await q.addColumn('deployments', new TableColumn(text('baseline', true)));
    await q.addColumn('deployments', new TableColumn(real('threshold', true)));
    await q.addColumn('deployments', new TableColumn(str('threshold_mode', true, '20')));
    await q.addColumn('deployments', new TableColumn(epochMs('suspended_at', true)));
    await q.addColumn('deployments', new TableColumn(text('suspended_reason', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['suspended_reason', 'suspended_at', 'threshold_mode', 'threshold', 'baseline']) await q.dropColumn('deployments', c);
    await q.dropTable('machine_baselines');
  }
}
