import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { epochMs, id, int, real, ref, str, text } from './columns.util';

/** Users and tokens, the audit chain, the fleet registry and the tag-mapping catalog. */
export class Foundation1764086400000 implements MigrationInterface {
  name = 'Foundation1764086400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id(),
          str('name'),
          str('role', false, '40'),
          text('sites'),
          str('token_hash', false, '64'),
          epochMs('created_at'),
          epochMs('revoked_at', true),
        ],
        indices: [new TableIndex({ columnNames: ['name'], isUnique: true }), new TableIndex({ columnNames: ['token_hash'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          epochMs('at'),
          str('actor'),
          str('action', false, '100'),
          str('subject', false, '300'),
          text('payload'),
          str('prev_hash', false, '64'),
          str('hash', false, '64'),
        ],
        indices: [new TableIndex({ columnNames: ['action'] }), new TableIndex({ columnNames: ['subject'] })],
      }),
    );
    await q.createTable(
      new Table({ name: 'sites', columns: [id(), str('name'), epochMs('created_at')], indices: [new TableIndex({ columnNames: ['name'], isUnique: true })] }),
    );
    await q.createTable(
      new Table({
        name: 'lines',
        columns: [id(), ref('site_id'), str('name'), epochMs('created_at')],
        indices: [new TableIndex({ columnNames: ['site_id', 'name'], isUnique: true })],
        foreignKeys: [{ columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'machines',
        columns: [
          id(),
          str('asset_id'),
          ref('site_id'),
          ref('line_id', true),
          str('machine_model'),
          str('manufacturer'),
          str('commissioned_at', false, '10'),
          str('criticality', false, '10'),
          text('attributes'),
          text('raw_tags'),
          epochMs('created_at'),
          epochMs('updated_at'),
        ],
        indices: [
          new TableIndex({ columnNames: ['asset_id'], isUnique: true }),
          new TableIndex({ columnNames: ['site_id'] }),
          new TableIndex({ columnNames: ['machine_model'] }),
        ],
        foreignKeys: [
          { columnNames: ['site_id'], referencedTableName: 'sites', referencedColumnNames: ['id'] },
          { columnNames: ['line_id'], referencedTableName: 'lines', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'signals',
        // `builtin` has no column default: SQLite reads `DEFAULT (false)` back as a change against the entity.
        columns: [
          { ...str('name', false, '100'), isPrimary: true },
          str('unit', false, '20'),
          real('min'),
          real('max'),
          text('description'),
          { name: 'builtin', type: 'boolean' },
          epochMs('created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mapping_rule_sets',
        columns: [{ ...int('version'), isPrimary: true }, text('rules'), str('created_by'), str('note', true, '500'), epochMs('created_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['mapping_rule_sets', 'signals', 'machines', 'lines', 'sites', 'audit_events', 'users']) await q.dropTable(t);
  }
}
