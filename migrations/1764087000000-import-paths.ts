import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { str } from './columns.util';

/**
 * Real fleet files and machine logs: a machine's manufacturer and criticality may be unknown
 * (null, never an invented value), and events gain a `code` (an error or alarm code such as
 * Azure's `error3` or a PLC's `E104`; '' for failures and maintenance without one), part of
 * the key that makes a re-import add nothing.
 */
export class ImportPaths1764087000000 implements MigrationInterface {
  name = 'ImportPaths1764087000000';

  async up(q: QueryRunner): Promise<void> {
    await q.changeColumn('machines', 'manufacturer', new TableColumn(str('manufacturer', true)));
    await q.changeColumn('machines', 'criticality', new TableColumn(str('criticality', true, '10')));
    await q.addColumn('events', new TableColumn({ ...str('code', false, '100'), default: "''" }));
    await q.dropIndex('events', 'UQ_events_machine_ts_kind_component');
    await q.createIndex(
      'events',
      new TableIndex({ name: 'UQ_events_machine_ts_kind_component_code', columnNames: ['machine_id', 'ts', 'kind', 'component', 'code'], isUnique: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Error events have no place in the old schema; the rest keeps its unique key.
    await q.query(`DELETE FROM events WHERE kind = 'error'`);
    await q.dropIndex('events', 'UQ_events_machine_ts_kind_component_code');
    await q.dropColumn('events', 'code');
    await q.createIndex(
      'events',
      new TableIndex({ name: 'UQ_events_machine_ts_kind_component', columnNames: ['machine_id', 'ts', 'kind', 'component'], isUnique: true }),
    );
    await q.query(`UPDATE machines SET manufacturer = '' WHERE manufacturer IS NULL`);
    await q.query(`UPDATE machines SET criticality = 'medium' WHERE criticality IS NULL`);
    await q.changeColumn('machines', 'manufacturer', new TableColumn(str('manufacturer')));
    await q.changeColumn('machines', 'criticality', new TableColumn(str('criticality', false, '10')));
  }
}
