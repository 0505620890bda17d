import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { runMigrations } from '@fleetgate/db';
import { print, service, withOperator } from '../cli-context';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const applied = await withOperator((app) => runMigrations(service(app, DataSource)), { migrate: false });
      print(!!opts.json, { applied }, () => (applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date'));
    });
}
