import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { epochMs, id, real, ref, str, text } from './columns.util';

const flag = (name: string): TableColumnOptions => ({ name, type: 'boolean' });

/**
 * Shadow mode (issue 18): a candidate model version scored alongside production on a set of
 * machines, on the same windows, without touching health or alarms. `machine_ids` is the scope
 * as a JSON array; a shadow runs from `created_at` until `stopped_at`. `shadow_scores` holds one row
 * per window both versions scored (keyed shadow × machine × window end, so a retried job is an
 * upsert), with production's score and alarm state beside the candidate's, so a report and the
 * gate's `shadow` rule read one table.
 */
export class Shadows1764088200000 implements MigrationInterface {
  name = 'Shadows1764088200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'shadows',
        columns: [
          id(),
          ref('model_version_id'),
          /** JSON array of machine ids. */
          text('machine_ids'),
          str('created_by'),
          epochMs('created_at'),
          epochMs('stopped_at', true),
        ],
        indices: [{ name: 'idx_shadows_model_version', columnNames: ['model_version_id'] }],
        foreignKeys: [{ columnNames: ['model_version_id'], referencedTableName: 'model_versions', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'shadow_scores',
        columns: [
          { ...ref('shadow_id'), isPrimary: true },
          { ...ref('machine_id'), isPrimary: true },
          { ...epochMs('window_end_ms'), isPrimary: true },
          /** The production version that scored the same window (its score stays in `machine_scores`). */
          ref('production_version_id'),
          real('production_score'),
          /** Production held an alarm open at this window. */
          flag('production_alarm'),
          real('candidate_score'),
          /** The candidate's pinned threshold for this machine. */
          real('candidate_threshold'),
          flag('candidate_beyond'),
          /** The candidate's alarm rule (the deployment's k-of-n) would hold an alarm open at this window. */
          flag('candidate_alarm'),
          epochMs('scored_at'),
        ],
        foreignKeys: [
          { columnNames: ['shadow_id'], referencedTableName: 'shadows', referencedColumnNames: ['id'] },
          { columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('shadow_scores');
    await q.dropTable('shadows');
  }
}
