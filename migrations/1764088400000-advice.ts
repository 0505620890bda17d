import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { epochMs, id, ref, str, text } from './columns.util';

/**
 * Adaptation advice (issue 19): for an evaluation run with machines left out, which remedy would
 * bring them into scope. One row per request: its options, the plan (each remedy with the variant
 * version and the evaluation run that tried it, as JSON) and, once every run finished, the summary.
 */
export class Advice1764088400000 implements MigrationInterface {
  name = 'Advice1764088400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'evaluation_advice',
        columns: [
          id(),
          ref('run_id'),
          /** queued → training → evaluating → done | failed */
          str('status', false, '20'),
          str('requested_by'),
          /** JSON: samplePerSegment, regimeSignals, baselineMs, seed. */
          text('options'),
          /** JSON: one entry per remedy (applies, reason, cost, variant version, evaluation run, training machines, error). */
          text('remedies'),
          /** JSON: the summary, once every remedy's run finished. */
          text('summary', true),
          text('error', true),
          epochMs('created_at'),
          epochMs('finished_at', true),
        ],
        indices: [{ name: 'idx_evaluation_advice_run', columnNames: ['run_id'] }],
        foreignKeys: [{ columnNames: ['run_id'], referencedTableName: 'evaluation_runs', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('evaluation_advice');
  }
}
