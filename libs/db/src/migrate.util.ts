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

/**
 * A transaction that lost a race for locks: PostgreSQL chose it as a deadlock victim (40P01),
 * could not serialise it (40001) or could not get a lock (55P03), or SQLite stayed busy. Nothing
 * of it was committed; the caller answers a clean conflict (409) that the client may retry.
 */
export function isLockConflict(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '40P01' || code === '40001' || code === '55P03' || code === 'SQLITE_BUSY';
}
