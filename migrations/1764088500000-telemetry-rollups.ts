import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { epochMs, int, ref, str } from './columns.util';

/**
 * Hourly rollups (issue 21): one row per machine × canonical signal × UTC day holding the 24 hours'
 * summaries packed (libs/telemetry `hourly-rollup.util`), written in the chunk's own transaction.
 * Only the table: data stored before is summarised by `fleetgate rollups rebuild`, not here
 * (migrations run at start-up and must stay quick).
 */
export class TelemetryRollups1764088500000 implements MigrationInterface {
  name = 'TelemetryRollups1764088500000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    await q.createTable(
      new Table({
        name: 'telemetry_rollups',
        columns: [
          { ...ref('machine_id'), isPrimary: true },
          { ...str('signal', false, '100'), isPrimary: true },
          { ...epochMs('day'), isPrimary: true },
          epochMs('start_ms'),
          epochMs('interval_ms'),
          { name: 'hours', type: postgres ? 'bytea' : 'blob' },
          int('mapping_version'),
          epochMs('updated_at'),
        ],
        // No foreign key, as for telemetry_chunks: written beside every chunk on the bulk path.
      }),
    );
    if (postgres) {
      // A row (2.6 kB) stays in the table's own page, uncompressed: floats do not compress, and a
      // read of 90 days × 8 signals should not chase TOAST pointers.
      await q.query('ALTER TABLE telemetry_rollups SET (toast_tuple_target = 4080)');
      await q.query('ALTER TABLE telemetry_rollups ALTER COLUMN hours SET STORAGE MAIN');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('telemetry_rollups');
  }
}
