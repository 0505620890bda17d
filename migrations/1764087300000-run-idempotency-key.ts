import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { str } from './columns.util';

/**
 * A client's `Idempotency-Key` stored with the run it started, unique per user: a retried
 * `POST /api/evaluations` (after a 503 or a lost answer) gets the same run, never a second one.
 * NULLs do not collide, so runs started without a key are unaffected.
 */
export class RunIdempotencyKey1764087300000 implements MigrationInterface {
  name = 'RunIdempotencyKey1764087300000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('evaluation_runs', new TableColumn(str('idempotency_key', true)));
    await q.createIndex(
      'evaluation_runs',
      new TableIndex({ name: 'UQ_evaluation_runs_created_by_idempotency_key', columnNames: ['created_by', 'idempotency_key'], isUnique: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('evaluation_runs', 'UQ_evaluation_runs_created_by_idempotency_key');
    await q.dropColumn('evaluation_runs', 'idempotency_key');
  }
}
