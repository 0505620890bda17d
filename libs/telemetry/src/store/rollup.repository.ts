import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { decodeValues } from '../chunk/chunk.util';
import { int8At, visitCopyTuples } from '../chunk/pg-copy.util';
import { pgCopyOutBytes, sqlInteger } from './pg-copy.reader';
import {
  checkStoredOrder,
  DayRollup,
  EncodedDay,
  ROLLUP_BYTES,
  ROLLUP_FIELDS,
  RollupField,
  rollupDay,
  rollupDayBytes,
  rollupFieldSpan,
} from '../rollup/hourly-rollup.util';

interface ChunkHoursRow {
  signal: string;
  day: string | number;
  start_ms: string | number;
  interval_ms: string | number;
  hours: Buffer | null;
  /** only where `hours` is NULL */
  samples: Buffer | null;
}

/**
 * The `hours` column of the chunks: reads rollups (a chunk without one is summarised from its
 * samples on the way) and back-fills them (`fleetgate rollups rebuild`).
 */
@Injectable()
export class RollupRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get postgres(): boolean {
    return this.ds.options.type === 'postgres';
  }

  private p(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }

  /**
   * The day rollups of the machine's signals over the UTC days [fromDay, toDay], one query: the
   * stored rollup of each chunk (its bytes, decoded where they are placed), or — for a chunk stored
   * without one — its samples, summarised here (never a silent gap). `fromRaw` counts the latter. With `fields`, PostgreSQL sends only
   * those fields' bytes (a plot needs 5 of 16); the others read as empty.
   */
  async read(
    machineId: string,
    signals: readonly string[],
    fromDay: number,
    toDay: number,
    fields: readonly RollupField[] = ROLLUP_FIELDS,
  ): Promise<{ days: Map<string, Array<DayRollup | EncodedDay>>; fromRaw: number }> {
    const days = new Map<string, Array<DayRollup | EncodedDay>>(signals.map((s) => [s, []]));
    if (signals.length === 0) return { days, fromRaw: 0 };
    // Before the query: SQLite reads every field, so its decoding would never see the projection.
    checkStoredOrder(fields);
    // SQLite's || makes text of blobs, and its file is local anyway: it reads every field.
    const projected = this.postgres && fields !== ROLLUP_FIELDS;
    // A compact day (every hour full) stores no implied field: the same fields from other offsets. A
    // runless day is a compact one without its last fields, the runs: their substrings come out
    // empty, and the reader tells the projection's length apart.
    const hours = projected ? `CASE WHEN octet_length(hours) = ${ROLLUP_BYTES} THEN ${spans(fields, false)} ELSE ${spans(fields, true)} END` : 'hours';
    const columns = `signal, day, start_ms, interval_ms, ${hours} AS hours, CASE WHEN hours IS NULL THEN samples END AS samples`;
    const stored = projected ? fields : ROLLUP_FIELDS;
    let fromRaw = 0;
    const place = (signal: string, day: number, startMs: number, intervalMs: number, bytes: Uint8Array | null, samples: () => Buffer): void => {
      if (bytes) days.get(signal)!.push({ day, startMs, intervalMs, bytes, fields: stored });
      else {
        days.get(signal)!.push(rollupDay({ day, startMs, intervalMs, values: decodeValues(samples()) }));
        fromRaw++;
      }
    };
    if (this.postgres) {
      const data = await pgCopyOutBytes(
        this.ds,
        (literal) => `SELECT ${columns} FROM telemetry_chunks
           WHERE machine_id = ${literal(machineId)} AND signal IN (${signals.map(literal).join(', ')})
             AND day >= ${sqlInteger(fromDay)} AND day <= ${sqlInteger(toDay)}`,
      );
      // Row by row off the COPY data: the signal matched by its bytes, the integers read in place;
      // only a day's hours (a view) and its entry are made (720 rows a machine for 90 days × 8 signals).
      const names = signals.map((s) => ({ signal: s, bytes: Buffer.from(s, 'utf8') }));
      visitCopyTuples(data, (at, lengths) => {
        const name = names.find((n) => n.bytes.length === lengths[0] && data.compare(n.bytes, 0, n.bytes.length, at[0], at[0] + lengths[0]) === 0);
        if (!name) throw new Error(`rollup read: a row of signal "${data.toString('utf8', at[0], at[0] + lengths[0])}", not asked for`);
        const hours = lengths[4] === -1 ? null : data.subarray(at[4], at[4] + lengths[4]);
        place(name.signal, int8At(data, at[1]), int8At(data, at[2]), int8At(data, at[3]), hours, () => data.subarray(at[5], at[5] + lengths[5]));
      });
    } else {
      const rows: ChunkHoursRow[] = await this.ds.query(
        `SELECT ${columns} FROM telemetry_chunks
         WHERE machine_id = ? AND signal IN (${signals.map(() => '?').join(', ')}) AND day >= ? AND day <= ?`,
        [machineId, ...signals, fromDay, toDay],
      );
      for (const r of rows) place(r.signal, Number(r.day), Number(r.start_ms), Number(r.interval_ms), r.hours, () => r.samples!);
    }
    return { days, fromRaw };
  }

  /**
   * Raw retention for one machine: the days before `beforeDay` whose rollup is stored lose their
   * raw samples (zero bytes; the hours stay), in one statement; returns how many days it pruned.
   * Days without a rollup keep their samples (`withoutRollupBefore` counts them).
   */
  async pruneRaw(machineId: string, beforeDay: number, now: number): Promise<number> {
    if (!this.postgres) {
      const db = (this.ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
      return db
        .prepare("UPDATE telemetry_chunks SET samples = X'', updated_at = ? WHERE machine_id = ? AND day < ? AND hours IS NOT NULL AND length(samples) > 0")
        .run(now, machineId, beforeDay).changes;
    }
    const rows: Array<{ n: string | number }> = await this.ds.query(
      `WITH pruned AS (
         UPDATE telemetry_chunks SET samples = ''::bytea, updated_at = $3
         WHERE machine_id = $1 AND day < $2 AND hours IS NOT NULL AND octet_length(samples) > 0 RETURNING 1)
       SELECT COUNT(*) AS n FROM pruned`,
      [machineId, beforeDay, now],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Machines with any stored chunk (from the series summary: one row per machine × signal). */
  async machinesWithChunks(): Promise<string[]> {
    const rows: Array<{ machine_id: string }> = await this.ds.query('SELECT DISTINCT machine_id FROM telemetry_series ORDER BY machine_id');
    return rows.map((r) => String(r.machine_id));
  }

  /** Stored days before `beforeDay` without a rollup (raw retention keeps their samples until `rollups rebuild`). */
  async withoutRollupBefore(beforeDay: number, machineId?: string): Promise<number> {
    const rows: Array<{ n: string | number }> = await this.ds.query(
      `SELECT COUNT(*) AS n FROM telemetry_chunks WHERE hours IS NULL AND day < ${this.p(1)}${machineId ? ` AND machine_id = ${this.p(2)}` : ''}`,
      machineId ? [beforeDay, machineId] : [beforeDay],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Stored days whose raw samples were pruned (of one machine, or of all). */
  async prunedCount(machineId?: string): Promise<number> {
    const length = this.postgres ? 'octet_length' : 'length';
    const rows: Array<{ n: string | number }> = await this.ds.query(
      `SELECT COUNT(*) AS n FROM telemetry_chunks WHERE ${length}(samples) = 0${machineId ? ` AND machine_id = ${this.p(1)}` : ''}`,
      machineId ? [machineId] : [],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** How many stored chunks have no rollup (of one machine, or of all). */
  async missingCount(machineId?: string): Promise<number> {
    const rows: Array<{ n: string | number }> = await this.ds.query(
      `SELECT COUNT(*) AS n FROM telemetry_chunks WHERE hours IS NULL${machineId ? ` AND machine_id = ${this.p(1)}` : ''}`,
      machineId ? [machineId] : [],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Machines with at least one chunk without a rollup, in id order. */
  async machinesMissing(): Promise<string[]> {
    const rows: Array<{ machine_id: string }> = await this.ds.query('SELECT DISTINCT machine_id FROM telemetry_chunks WHERE hours IS NULL ORDER BY machine_id');
    return rows.map((r) => String(r.machine_id));
  }

  /**
   * Summarises up to `limit` chunks of the machine that have no rollup and stores their rollups
   * (one transaction); returns how many it read. A chunk a writer changed meanwhile keeps what the
   * writer left (its `updated_at` moved on), so a back-fill beside live ingest never stores a
   * summary of samples that are gone.
   */
  async backfill(machineId: string, limit: number): Promise<number> {
    const rows: Array<{
      signal: string;
      day: string | number;
      start_ms: string | number;
      interval_ms: string | number;
      samples: Buffer;
      updated_at: string | number;
    }> = await this.ds.query(
      `SELECT signal, day, start_ms, interval_ms, samples, updated_at FROM telemetry_chunks
         WHERE machine_id = ${this.p(1)} AND hours IS NULL ORDER BY signal, day LIMIT ${Math.max(1, Math.floor(limit))}`,
      [machineId],
    );
    if (rows.length === 0) return 0;
    const updates = rows.map((r) => {
      const grid = { day: Number(r.day), startMs: Number(r.start_ms), intervalMs: Number(r.interval_ms) };
      return [rollupDayBytes({ ...grid, values: decodeValues(r.samples) }), machineId, r.signal, grid.day, Number(r.updated_at)] as const;
    });
    if (!this.postgres) {
      const db = (this.ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
      const st = db.prepare('UPDATE telemetry_chunks SET hours = ? WHERE machine_id = ? AND signal = ? AND day = ? AND updated_at = ? AND hours IS NULL');
      db.transaction(() => updates.forEach((u) => st.run(...u)))();
    } else {
      const params: unknown[] = [machineId];
      const values = updates.map(([hours, , signal, day, updatedAt]) => {
        params.push(signal, day, updatedAt, hours);
        const b = params.length - 4;
        return `($${b + 1}::text, $${b + 2}::bigint, $${b + 3}::bigint, $${b + 4}::bytea)`;
      });
      await this.ds.query(
        `UPDATE telemetry_chunks c SET hours = v.hours FROM (VALUES ${values.join(', ')}) AS v(signal, day, updated_at, hours)
         WHERE c.machine_id = $1 AND c.signal = v.signal AND c.day = v.day AND c.updated_at = v.updated_at AND c.hours IS NULL`,
        params,
      );
    }
    return rows.length;
  }
}

/** The fields' bytes of a stored day, one after the other (empty bytes when none is stored; NULL stays NULL). */
function spans(fields: readonly RollupField[], compact: boolean): string {
  const stored = fields.flatMap((f) => rollupFieldSpan(f, compact) ?? []);
  return stored.length === 0
    ? 'substring(hours from 1 for 0)'
    : stored.map(({ offset, length }) => `substring(hours from ${offset + 1} for ${length})`).join(' || ');
}
