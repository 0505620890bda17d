import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { CopyCell, parseCopyTuples } from '../chunk/pg-copy.util';

/**
 * Runs `COPY (<select>) TO STDOUT (FORMAT binary)` on a pooled connection and returns its tuples.
 * The chunk readers use it on PostgreSQL: a plain `SELECT` sends every `bytea` as hex text — twice
 * its bytes on the wire, then a string to decode back into bytes for each row —, which cost the
 * evaluation worker more CPU than the rollups it read. COPY takes no bind parameters: `select` is
 * built with `literal` (the driver's own quoting) for every string it embeds, and callers embed
 * only integers otherwise.
 */
export async function pgCopyOut(ds: DataSource, select: (literal: (text: string) => string) => string): Promise<CopyCell[][]> {
  return parseCopyTuples(await pgCopyOutBytes(ds, select));
}

/** `pgCopyOut`'s data before parsing (for `visitCopyTuples`). */
export async function pgCopyOutBytes(ds: DataSource, select: (literal: (text: string) => string) => string): Promise<Buffer> {
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    const stream = client.query(copyTo(`COPY (${select((text) => client.escapeLiteral(text))}) TO STDOUT (FORMAT binary)`));
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  } finally {
    await runner.release();
  }
}

/** An integer for embedding in SQL text; anything else is a bug upstream, refused before it reaches the database. */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}
