import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { epochMs, id, int, ref, str, text } from './columns.util';

/** Models, their immutable versions (artifact by sha256, manifest, profile) and stage history. */
export class Registry1764086600000 implements MigrationInterface {
  name = 'Registry1764086600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'models',
        columns: [id(), str('name'), str('task', false, '40'), str('owner'), epochMs('created_at')],
        indices: [new TableIndex({ columnNames: ['name'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'model_versions',
        columns: [
          id(),
          ref('model_id'),
          int('version'),
          str('sha256', false, '64'),
          int('size_bytes'),
          text('manifest'),
          str('manifest_sha256', false, '64'),
          text('provenance'),
          text('profile', true),
          str('profile_status', false, '20'),
          text('profile_reason', true),
          str('stage', false, '20'),
          str('created_by'),
          epochMs('created_at'),
        ],
        indices: [
          // Concurrent registrations cannot both take a number: the loser retries.
          new TableIndex({ columnNames: ['model_id', 'version'], isUnique: true }),
          new TableIndex({ columnNames: ['sha256'] }),
          new TableIndex({ columnNames: ['stage'] }),
        ],
        foreignKeys: [{ columnNames: ['model_id'], referencedTableName: 'models', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'model_stage_changes',
        columns: [id(), ref('version_id'), str('from_stage', true, '20'), str('to_stage', false, '20'), str('actor'), text('reason'), epochMs('at')],
        indices: [new TableIndex({ columnNames: ['version_id', 'at'] })],
        foreignKeys: [{ columnNames: ['version_id'], referencedTableName: 'model_versions', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['model_stage_changes', 'model_versions', 'models']) await q.dropTable(t);
  }
}
