import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '@fleetgate/config';
import { MIGRATIONS } from '../../../migrations';

/**
 * PostgreSQL when DATABASE_URL is set, else an embedded SQLite file in the data
 * directory. Schema changes only ever come from migrations (never `synchronize`).
 */
export function dataSourceOptions(config: AppConfig, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  const common = { entities, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  if (config.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: config.databaseUrl,
      schema: config.databaseSchema,
      extra: { max: 10, options: `-c search_path=${config.databaseSchema}` },
    };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path.join(config.dataDir, 'fleetgate.sqlite'),
    enableWAL: true,
    // Writers queue instead of failing at once when another process holds the lock.
    timeout: 15_000,
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('busy_timeout = 15000');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
    },
  };
}

export function isPostgres(options: { type: string }): boolean {
  return options.type === 'postgres';
}
