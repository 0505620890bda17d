import { DataSource } from 'typeorm';

/** Creates the PostgreSQL schema if needed, then applies pending migrations; returns their names. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type === 'postgres' && dataSource.options.schema) {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${dataSource.options.schema}"`);
  }
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** True when a driver error is a unique-constraint violation (both drivers). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
