import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { epochMs, int, str } from './columns.util';

/**
 * A gate policy version is `proposed` until a second reliability engineer or an admin
 * approves it; versions written before this rule existed stay approved. Audit events record
 * the hash encoding they were chained with: existing events keep format 1 (fields joined with
 * newlines), new ones are written in format 2 (a JSON array of the fields).
 */
export class FourEyesAuditAnchor1764087500000 implements MigrationInterface {
  name = 'FourEyesAuditAnchor1764087500000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('gate_policies', new TableColumn({ ...str('status', false, '20'), default: "'proposed'" }));
    await q.addColumn('gate_policies', new TableColumn(str('approved_by', true)));
    await q.addColumn('gate_policies', new TableColumn(epochMs('approved_at', true)));
    await q.query(`UPDATE gate_policies SET status = 'approved'`);
    await q.addColumn('audit_events', new TableColumn({ ...int('format'), default: 1 }));
  }

  async down(q: QueryRunner): Promise<void> {
    // Events written in format 2 no longer verify under the old code: down is for development only.
    await q.dropColumn('audit_events', 'format');
    await q.dropColumn('gate_policies', 'approved_at');
    await q.dropColumn('gate_policies', 'approved_by');
    await q.dropColumn('gate_policies', 'status');
  }
}
