import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeValues } from '../chunk/chunk.util';
import { DayRollup, decodeRollup, encodeRollup, ROLLUP_FIELDS, RollupField, rollupDay, rollupFieldSpan } from '../rollup/hourly-rollup.util';

interface RollupRow {
  signal: string;
  day: string | number;
  start_ms: string | number;
  interval_ms: string | number;
  bytes: Buffer;
}

/** A chunk stored without its rollup (written before rollups existed). */
export interface MissingRollup {
  signal: string;
  day: number;
}

const CHUNK_WITHOUT_ROLLUP = `FROM telemetry_chunks c LEFT JOIN telemetry_rollups r ON r.machine_id = c.machine_id AND r.signal = c.signal AND r.day = c.day`;

/** Reads hourly rollups, summarises chunks that have none, and back-fills them (`fleetgate rollups rebuild`). */
@Injectable()
export class RollupRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private p(n: number): string {
    return this.ds.options.type === 'postgres' ? `$${n}` : '?';
  }

  /**
   * The day rollups of the machine's signals over the UTC days [fromDay, toDay], and, for any
   * stored chunk of those days without a rollup, one computed from its raw samples (never a
   * silent gap). `fromRaw` counts the latter. With `fields`, PostgreSQL sends only those fields'
   * bytes (a plot needs 5 of 19); the others read as empty.
   */
  async read(
    machineId: string,
    signals: readonly string[],
    fromDay: number,
    toDay: number,
    fields: readonly RollupField[] = ROLLUP_FIELDS,
  ): Promise<{ days: Map<string, DayRollup[]>; fromRaw: number }> {
    const days = new Map<string, DayRollup[]>(signals.map((s) => [s, []]));
    if (signals.length === 0) return { days, fromRaw: 0 };
    // One statement, so one snapshot: a back-fill committing mid-read cannot hide a day from both halves.
    const where = (alias: string, base: number): string =>
      `${alias}.machine_id = ${this.p(base + 1)} AND ${alias}.signal IN (${signals.map((_, i) => this.p(base + i + 2)).join(', ')})
       AND ${alias}.day >= ${this.p(base + signals.length + 2)} AND ${alias}.day <= ${this.p(base + signals.length + 3)}`;
    const params = [machineId, ...signals, fromDay, toDay];
    // SQLite's || makes text of blobs, and its file is local anyway: it reads every field.
    const projected = this.ds.options.type === 'postgres' && fields !== ROLLUP_FIELDS;
    const bytes = projected
      ? fields
          .map((f) => rollupFieldSpan(f))
          .map(({ offset, length }) => `substring(t.hours from ${offset + 1} for ${length})`)
          .join(' || ')
      : 't.hours';
    const rows: Array<RollupRow & { rolled: number | string }> = await this.ds.query(
      `SELECT 1 AS rolled, t.signal, t.day, t.start_ms, t.interval_ms, ${bytes} AS bytes FROM telemetry_rollups t WHERE ${where('t', 0)}
       UNION ALL
       SELECT 0 AS rolled, c.signal, c.day, c.start_ms, c.interval_ms, c.samples AS bytes ${CHUNK_WITHOUT_ROLLUP}
       WHERE ${where('c', params.length)} AND r.day IS NULL`,
      [...params, ...params],
    );
    let fromRaw = 0;
    for (const r of rows) {
      if (Number(r.rolled) === 1) days.get(r.signal)!.push({ ...rowGrid(r), hours: decodeRollup(r.bytes, projected ? fields : ROLLUP_FIELDS) });
      else {
        days.get(r.signal)!.push(rollupDay({ ...rowGrid(r), values: decodeValues(r.bytes) }));
        fromRaw++;
      }
    }
    return { days, fromRaw };
  }

  /** How many stored chunks have no rollup (of one machine, or of all). */
  async missingCount(machineId?: string): Promise<number> {
    const rows: Array<{ n: string | number }> = await this.ds.query(
      `SELECT COUNT(*) AS n ${CHUNK_WITHOUT_ROLLUP} WHERE r.day IS NULL${machineId ? ` AND c.machine_id = ${this.p(1)}` : ''}`,
      machineId ? [machineId] : [],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Machines with at least one chunk without a rollup, in id order. */
  async machinesMissing(): Promise<string[]> {
    const rows: Array<{ machine_id: string }> = await this.ds.query(
      `SELECT DISTINCT c.machine_id ${CHUNK_WITHOUT_ROLLUP} WHERE r.day IS NULL ORDER BY c.machine_id`,
    );
    return rows.map((r) => String(r.machine_id));
  }

  /**
   * Summarises up to `limit` chunks of the machine that have no rollup and stores their rollups;
   * returns how many it stored. A rollup a writer stored meanwhile is kept (it was computed from
   * the newer chunk), so a back-fill beside live ingest never writes an older summary over it.
   */
  async backfill(machineId: string, limit: number): Promise<number> {
    const rows: Array<RollupRow & { mapping_version: number }> = await this.ds.query(
      `SELECT c.signal, c.day, c.start_ms, c.interval_ms, c.samples AS bytes, c.mapping_version ${CHUNK_WITHOUT_ROLLUP}
       WHERE c.machine_id = ${this.p(1)} AND r.day IS NULL ORDER BY c.signal, c.day LIMIT ${Math.max(1, Math.floor(limit))}`,
      [machineId],
    );
    if (rows.length === 0) return 0;
    const now = Date.now();
    const params: unknown[] = [];
    const tuples = rows.map((r) => {
      const grid = rowGrid(r);
      params.push(
        machineId,
        r.signal,
        grid.day,
        grid.startMs,
        grid.intervalMs,
        encodeRollup(rollupDay({ ...grid, values: decodeValues(r.bytes) }).hours),
        Number(r.mapping_version),
        now,
      );
      const b = params.length - 8;
      return `(${[1, 2, 3, 4, 5, 6, 7, 8].map((k) => this.p(b + k)).join(', ')})`;
    });
    await this.ds.query(
      `INSERT INTO telemetry_rollups (machine_id, signal, day, start_ms, interval_ms, hours, mapping_version, updated_at)
       VALUES ${tuples.join(', ')} ON CONFLICT (machine_id, signal, day) DO NOTHING`,
      params,
    );
    return rows.length;
  }
}

function rowGrid(r: RollupRow): { day: number; startMs: number; intervalMs: number } {
  return { day: Number(r.day), startMs: Number(r.start_ms), intervalMs: Number(r.interval_ms) };
}
