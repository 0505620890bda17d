import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Chunk, encodeValues } from '../chunk/chunk.util';
import { MergePlan, StoredChunk } from '../chunk/merge-plan.util';
import { copyHeader, copyTrailer, copyTuple } from '../chunk/pg-copy.util';
import { encodeRollup, rollupDay } from '../rollup/hourly-rollup.util';

const COLUMNS = 'machine_id, signal, day, start_ms, interval_ms, samples, mapping_version, updated_at';
const ROLLUP_COLUMNS = 'machine_id, signal, day, start_ms, interval_ms, hours, mapping_version, updated_at';
// Below this many fresh rows a multi-row INSERT is cheaper than opening a COPY.
const COPY_MIN_ROWS = 16;
const UPSERT_BATCH = 500;

export async function pgLockStored(client: PoolClient, machineId: string, signals: string[], fromDay: number, toDay: number): Promise<StoredChunk[]> {
  const { rows } = await client.query(
    `SELECT signal, day, start_ms, interval_ms, samples FROM telemetry_chunks
     WHERE machine_id = $1 AND signal = ANY($2) AND day BETWEEN $3 AND $4 FOR UPDATE`,
    [machineId, signals, fromDay, toDay],
  );
  return rows.map((r) => ({
    signal: r.signal,
    day: Number(r.day),
    startMs: Number(r.start_ms),
    intervalMs: Number(r.interval_ms),
    samples: r.samples as Buffer,
  }));
}

/** Writes the plan; with `rollups`, each written chunk's day rollup too (in the same transaction). */
export async function pgApplyPlan(
  client: PoolClient,
  machineId: string,
  plan: MergePlan,
  mappingVersion: number,
  now: number,
  rollups: boolean,
): Promise<void> {
  // Each written chunk is the whole merged day: its rollup is recomputed from it, never patched.
  if (plan.fresh.length >= COPY_MIN_ROWS) {
    await copyRows(client, 'telemetry_chunks', COLUMNS, machineId, plan.fresh, chunkBytes, mappingVersion, now);
    // A fresh chunk had no row, so neither had its rollup: plain COPY as well.
    if (rollups) await copyRows(client, 'telemetry_rollups', ROLLUP_COLUMNS, machineId, plan.fresh, rollupBytes, mappingVersion, now);
  } else if (plan.fresh.length > 0) await upsertBoth(client, machineId, plan.fresh, mappingVersion, now, rollups);
  for (let i = 0; i < plan.updates.length; i += UPSERT_BATCH)
    await upsertBoth(client, machineId, plan.updates.slice(i, i + UPSERT_BATCH), mappingVersion, now, rollups);
  const touched = plan.perSignal.filter((s) => s.written + s.replaced > 0 && s.firstMs !== null);
  if (touched.length === 0) return;
  const params: unknown[] = [];
  const tuples = touched.map((s) => {
    params.push(machineId, s.signal, s.intervalMs, s.firstMs, s.lastMs, s.written, mappingVersion, now);
    const b = params.length - 8;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
  });
  await client.query(
    `INSERT INTO telemetry_series (machine_id, signal, interval_ms, first_ms, last_ms, sample_count, mapping_version, updated_at)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (machine_id, signal) DO UPDATE SET
       interval_ms = EXCLUDED.interval_ms,
       first_ms = LEAST(telemetry_series.first_ms, EXCLUDED.first_ms),
       last_ms = GREATEST(telemetry_series.last_ms, EXCLUDED.last_ms),
       sample_count = telemetry_series.sample_count + EXCLUDED.sample_count,
       mapping_version = EXCLUDED.mapping_version,
       updated_at = EXCLUDED.updated_at`,
    params,
  );
}

const chunkBytes = (c: Chunk): Uint8Array => new Uint8Array(c.values.buffer, c.values.byteOffset, c.values.byteLength);
const rollupBytes = (c: Chunk): Uint8Array => encodeRollup(rollupDay(c).hours);

async function copyRows(
  client: PoolClient,
  table: string,
  columns: string,
  machineId: string,
  chunks: Chunk[],
  bytes: (c: Chunk) => Uint8Array,
  mappingVersion: number,
  now: number,
): Promise<void> {
  function* rows(): Generator<Buffer> {
    yield copyHeader();
    for (const c of chunks) {
      yield copyTuple([
        { kind: 'text', value: machineId },
        { kind: 'text', value: c.signal },
        { kind: 'int8', value: c.day },
        { kind: 'int8', value: c.startMs },
        { kind: 'int8', value: c.intervalMs },
        { kind: 'bytea', value: bytes(c) },
        { kind: 'int4', value: mappingVersion },
        { kind: 'int8', value: now },
      ]);
    }
    yield copyTrailer();
  }
  const stream = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from(rows()), stream);
}

async function upsertBoth(client: PoolClient, machineId: string, chunks: Chunk[], mappingVersion: number, now: number, rollups: boolean): Promise<void> {
  await upsert(client, 'telemetry_chunks', COLUMNS, 'samples', machineId, chunks, (c) => encodeValues(c.values), mappingVersion, now);
  if (!rollups) {
    // A changed chunk's old rollup would be stale: drop it, so readers summarise the day from raw until a rebuild.
    await client.query(`DELETE FROM telemetry_rollups WHERE machine_id = $1 AND (signal, day) IN (SELECT * FROM unnest($2::text[], $3::bigint[]))`, [
      machineId,
      chunks.map((c) => c.signal),
      chunks.map((c) => c.day),
    ]);
    return;
  }
  await upsert(client, 'telemetry_rollups', ROLLUP_COLUMNS, 'hours', machineId, chunks, rollupBytes, mappingVersion, now);
}

async function upsert(
  client: PoolClient,
  table: string,
  columns: string,
  bytesColumn: string,
  machineId: string,
  chunks: Chunk[],
  bytes: (c: Chunk) => Uint8Array,
  mappingVersion: number,
  now: number,
): Promise<void> {
  if (chunks.length === 0) return;
  const params: unknown[] = [];
  const tuples = chunks.map((c) => {
    params.push(machineId, c.signal, c.day, c.startMs, c.intervalMs, bytes(c), mappingVersion, now);
    const b = params.length - 8;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
  });
  await client.query(
    `INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')}
     ON CONFLICT (machine_id, signal, day) DO UPDATE SET
       start_ms = EXCLUDED.start_ms, ${bytesColumn} = EXCLUDED.${bytesColumn}, mapping_version = EXCLUDED.mapping_version, updated_at = EXCLUDED.updated_at`,
    params,
  );
}
