import { DataSource } from 'typeorm';

/**
 * On SQLite, TypeORM runs every transaction of a process on one shared connection: two
 * concurrent transactions become savepoints inside each other, and a rollback of the outer
 * one silently discards the inner one's "committed" rows. Queue them instead, one at a time
 * per process (other processes wait on SQLite's own lock and busy timeout).
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const manager = dataSource.manager;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) => {
    const run = tail.then(() => original(...args));
    tail = run.catch(() => undefined);
    return run;
  };
}
