import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { epochMs, id, int, ref, str, text } from './columns.util';

/** Gate policies (versioned), promotion requests and deployments (which version serves which machine). */
export class Gate1764086800000 implements MigrationInterface {
  name = 'Gate1764086800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'gate_policies',
        columns: [
          { ...str('name', false, '100'), isPrimary: true },
          { ...int('version'), isPrimary: true },
          text('definition'),
          str('definition_sha256', false, '64'),
          text('note', true),
          str('created_by'),
          epochMs('created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'promotion_requests',
        columns: [
          id(),
          ref('model_id'),
          str('model_name'),
          ref('model_version_id'),
          int('version_number'),
          str('sha256', false, '64'),
          str('from_stage', false, '20'),
          str('target_stage', false, '20'),
          text('scope'),
          ref('evidence_run_id', true),
          str('report_hash', true, '64'),
          int('mapping_version', true),
          str('policy_name', false, '100'),
          int('policy_version'),
          str('policy_sha256', false, '64'),
          text('rule_results'),
          str('outcome', false, '10'),
          text('justification'),
          str('status', false, '20'),
          str('requested_by'),
          epochMs('requested_at'),
          str('decided_by', true),
          epochMs('decided_at', true),
          text('decision_reason', true),
          text('waivers', true),
          str('owner', true),
          str('rolled_back_by', true),
          epochMs('rolled_back_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_promotion_requests_version', columnNames: ['model_version_id'] }),
          new TableIndex({ name: 'IDX_promotion_requests_status', columnNames: ['status'] }),
        ],
        foreignKeys: [
          { columnNames: ['model_version_id'], referencedTableName: 'model_versions', referencedColumnNames: ['id'] },
          { columnNames: ['policy_name', 'policy_version'], referencedTableName: 'gate_policies', referencedColumnNames: ['name', 'version'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'deployments',
        columns: [
          id(),
          ref('model_id'),
          ref('machine_id'),
          ref('model_version_id'),
          str('stage', false, '20'),
          ref('promotion_id'),
          ref('evidence_run_id'),
          // No default: every writer says whether a row serves (SQLite would also store `false` as 0 and drift).
          { name: 'active', type: 'boolean' },
          epochMs('created_at'),
          epochMs('superseded_at', true),
          ref('superseded_by', true),
        ],
        indices: [
          // At most one active production version per model and machine, whatever the race:
          // the second writer's insert fails here and becomes a 409.
          new TableIndex({
            name: 'UQ_deployments_active_production',
            columnNames: ['model_id', 'machine_id'],
            isUnique: true,
            where: `"active" = true AND "stage" = 'production'`,
          }),
          new TableIndex({ name: 'IDX_deployments_promotion', columnNames: ['promotion_id'] }),
          new TableIndex({ name: 'IDX_deployments_superseded_by', columnNames: ['superseded_by'] }),
          new TableIndex({ name: 'IDX_deployments_machine_active', columnNames: ['machine_id', 'active'] }),
        ],
        foreignKeys: [
          { columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'] },
          { columnNames: ['model_version_id'], referencedTableName: 'model_versions', referencedColumnNames: ['id'] },
          { columnNames: ['promotion_id'], referencedTableName: 'promotion_requests', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['deployments', 'promotion_requests', 'gate_policies']) await q.dropTable(t);
  }
}
