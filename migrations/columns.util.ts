import { TableColumnOptions } from 'typeorm';

// Portable column shorthands for migrations: one file serves PostgreSQL and SQLite.
export const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });
export const ref = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
export const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
export const str = (name: string, nullable = false, length = '200'): TableColumnOptions => ({ name, type: 'varchar', length, isNullable: nullable });
export const epochMs = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
export const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
export const real = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'double precision', isNullable: nullable });
export const bool = (name: string, dflt = false): TableColumnOptions => ({ name, type: 'boolean', default: dflt });
