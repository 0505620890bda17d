import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Which alarm threshold an evaluation applies: the version's own ('version', every run so far) or
 * each machine's, calibrated on its baseline ('per-machine').
 */
export class RunThresholdMode1764087800000 implements MigrationInterface {
  name = 'RunThresholdMode1764087800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('evaluation_runs', new TableColumn({ name: 'thresholds', type: 'varchar', length: '20', isNullable: false, default: "'version'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('evaluation_runs', 'thresholds');
  }
}
