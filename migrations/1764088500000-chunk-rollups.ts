import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hourly rollups (issue 21): each day chunk carries the 24 hours' summaries of its own samples,
 * packed (libs/telemetry `hourly-rollup.util`), in a column of the same row — written with the
 * samples, no extra row or index entry. Only the column: data stored before are summarised by
 * `fleetgate rollups rebuild`, not here (migrations run at start-up and must stay quick), and read
 * from raw samples until then (`hours` NULL).
 */
export class ChunkRollups1764088500000 implements MigrationInterface {
  name = 'ChunkRollups1764088500000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    // Plain ADD COLUMN, nullable without default: no table rewrite on either database (TypeORM's
    // addColumn copies the whole table on SQLite).
    await q.query(`ALTER TABLE telemetry_chunks ADD COLUMN hours ${postgres ? 'bytea' : 'blob'}`);
    if (postgres) {
      // The samples (EXTERNAL) go out of line as before; the 2.7 kB of hours stay in the row,
      // uncompressed (floats do not compress), so reading them never touches the samples' TOAST.
      await q.query('ALTER TABLE telemetry_chunks ALTER COLUMN hours SET STORAGE EXTERNAL');
      await q.query('ALTER TABLE telemetry_chunks SET (toast_tuple_target = 4080)');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type === 'postgres') await q.query('ALTER TABLE telemetry_chunks RESET (toast_tuple_target)');
    await q.query('ALTER TABLE telemetry_chunks DROP COLUMN hours');
  }
}
