export * from './data-source.options';
export * from './migrate.util';
export * from './db.module';
export * from './sqlite-transactions.util';
