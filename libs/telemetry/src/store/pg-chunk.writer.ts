import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Chunk, encodeValues } from '../chunk/chunk.util';
import { MergePlan, StoredChunk } from '../chunk/merge-plan.util';
import { CopyField, CopyPieces } from '../chunk/pg-copy.util';
import { rollupDayBytes, rollupDayInScratch } from '../rollup/hourly-rollup.util';

const COLUMNS = 'machine_id, signal, day, start_ms, interval_ms, samples, mapping_version, updated_at';
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

/**
 * Writes the plan. With `rollups`, each written chunk carries its day's hourly rollup, recomputed
 * from the merged day (never patched); without, `hours` is left NULL — also on a changed chunk, so
 * no stale rollup survives — and readers summarise that day from its samples until a rebuild.
 */
export async function pgApplyPlan(
  client: PoolClient,
  machineId: string,
  plan: MergePlan,
  mappingVersion: number,
  now: number,
  rollups: boolean,
): Promise<void> {
  if (plan.fresh.length >= COPY_MIN_ROWS) await copyFresh(client, machineId, plan.fresh, mappingVersion, now, rollups);
  else if (plan.fresh.length > 0) await upsert(client, machineId, plan.fresh, mappingVersion, now, rollups);
  for (let i = 0; i < plan.updates.length; i += UPSERT_BATCH)
    await upsert(client, machineId, plan.updates.slice(i, i + UPSERT_BATCH), mappingVersion, now, rollups);
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

// COPY data goes to the socket in pieces of about this size: one write per tuple costs more in
// system calls and garbage than encoding the rows (a CPU profile of simulate + store).
const COPY_PIECE_BYTES = 256 * 1024;

async function copyFresh(client: PoolClient, machineId: string, chunks: Chunk[], mappingVersion: number, now: number, rollups: boolean): Promise<void> {
  function* pieces(): Generator<Buffer> {
    const copy = new CopyPieces(COPY_PIECE_BYTES);
    for (const c of chunks) {
      const fields: CopyField[] = [
        { kind: 'text', value: machineId },
        { kind: 'text', value: c.signal },
        { kind: 'int8', value: c.day },
        { kind: 'int8', value: c.startMs },
        { kind: 'int8', value: c.intervalMs },
        { kind: 'bytea', value: new Uint8Array(c.values.buffer, c.values.byteOffset, c.values.byteLength) },
        { kind: 'int4', value: mappingVersion },
        { kind: 'int8', value: now },
      ];
      // The scratch day's bytes are copied into the piece before the next chunk is scanned.
      if (rollups) fields.push({ kind: 'bytea', value: rollupDayInScratch(c) });
      const full = copy.add(fields);
      if (full) yield full;
    }
    yield copy.end();
  }
  const stream = client.query(copyFrom(`COPY telemetry_chunks (${COLUMNS}${rollups ? ', hours' : ''}) FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from(pieces()), stream);
}

async function upsert(client: PoolClient, machineId: string, chunks: Chunk[], mappingVersion: number, now: number, rollups: boolean): Promise<void> {
  if (chunks.length === 0) return;
  const params: unknown[] = [];
  const tuples = chunks.map((c) => {
    params.push(machineId, c.signal, c.day, c.startMs, c.intervalMs, encodeValues(c.values), mappingVersion, now, rollups ? rollupDayBytes(c) : null);
    const b = params.length - 9;
    return `(${Array.from({ length: 9 }, (_, k) => `$${b + k + 1}`).join(', ')})`;
  });
  await client.query(
    `INSERT INTO telemetry_chunks (${COLUMNS}, hours) VALUES ${tuples.join(', ')}
     ON CONFLICT (machine_id, signal, day) DO UPDATE SET
       samples = EXCLUDED.samples, hours = EXCLUDED.hours, mapping_version = EXCLUDED.mapping_version, updated_at = EXCLUDED.updated_at`,
    params,
  );
}
