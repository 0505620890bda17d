import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { epochMs, id, int, ref, str } from './columns.util';

/**
 * Telemetry chunks (one row per machine × canonical signal × UTC day, Float32 little-endian
 * bytes), the per-series summary, and failure/maintenance events.
 */
export class Telemetry1764086500000 implements MigrationInterface {
  name = 'Telemetry1764086500000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    await q.createTable(
      new Table({
        name: 'telemetry_chunks',
        columns: [
          { ...ref('machine_id'), isPrimary: true },
          { ...str('signal', false, '100'), isPrimary: true },
          { ...epochMs('day'), isPrimary: true },
          epochMs('start_ms'),
          epochMs('interval_ms'),
          { name: 'samples', type: postgres ? 'bytea' : 'blob' },
          int('mapping_version'),
          epochMs('updated_at'),
        ],
        // No foreign key: the bulk path writes ~300k rows per fleet and the series row carries it.
      }),
    );
    if (postgres) {
      // Float32 noise does not compress; skip pglz's attempt on every row (stored out of line as is).
      await q.query('ALTER TABLE telemetry_chunks ALTER COLUMN samples SET STORAGE EXTERNAL');
    }
    await q.createTable(
      new Table({
        name: 'telemetry_series',
        columns: [
          { ...ref('machine_id'), isPrimary: true },
          { ...str('signal', false, '100'), isPrimary: true },
          epochMs('interval_ms'),
          epochMs('first_ms'),
          epochMs('last_ms'),
          epochMs('sample_count'),
          int('mapping_version'),
          epochMs('updated_at'),
        ],
        foreignKeys: [{ columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'events',
        columns: [
          id(),
          ref('machine_id'),
          epochMs('ts'),
          str('kind', false, '20'),
          { ...str('component', false, '100'), default: "''" },
          str('source', false, '300'),
          epochMs('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_events_machine_ts_kind_component', columnNames: ['machine_id', 'ts', 'kind', 'component'], isUnique: true }),
          new TableIndex({ columnNames: ['machine_id', 'ts'] }),
        ],
        foreignKeys: [{ columnNames: ['machine_id'], referencedTableName: 'machines', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['events', 'telemetry_series', 'telemetry_chunks']) await q.dropTable(t);
  }
}
