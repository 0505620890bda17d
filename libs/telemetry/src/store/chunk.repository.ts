import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { isUniqueViolation } from '@fleetgate/db';
import { Chunk } from '../chunk/chunk.util';
import { chunkKey, MergePlan, planMerge, SignalWrite, StoredChunk } from '../chunk/merge-plan.util';
import { int8Cell } from '../chunk/pg-copy.util';
import { pgCopyOut, sqlInteger } from './pg-copy.reader';
import { telemetryErrors } from '../telemetry.exception';
import { pgApplyPlan, pgLockStored } from './pg-chunk.writer';
import { sqliteApplyPlan, sqliteStored } from './sqlite-chunk.writer';
import { SeriesInfo } from './telemetry.types';

/** A statement run in the same transaction as a chunk write; `?` placeholders on both drivers, no boolean parameters. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Statements to commit with a write, built from what the write did (the live ingest's dead letters and counters). */
export type AlsoInTransaction = (writes: SignalWrite[]) => SqlStatement[];

const EMPTY_PLAN: MergePlan = { fresh: [], updates: [], perSignal: [] };

function pgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export interface ChunkRow {
  signal: string;
  day: number;
  startMs: number;
  intervalMs: number;
  samples: Uint8Array;
}

/** The chunk and series tables, on PostgreSQL (COPY + FOR UPDATE) or SQLite (prepared statements). */
@Injectable()
export class ChunkRepository {
  private readonly logger = new Logger(ChunkRepository.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get postgres(): boolean {
    return this.ds.options.type === 'postgres';
  }

  /** Parameter placeholder n (1-based) in this driver's syntax. */
  p(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }

  /**
   * Merges chunks of one machine into the store in one transaction: existing rows are locked,
   * merged and rewritten; new rows are inserted (binary COPY on PostgreSQL). Two writers
   * racing on a brand-new chunk: the loser's insert hits the primary key, and it retries
   * as a merge. `also` (optional) adds statements to the same transaction, built from the
   * write's counts; with `also`, an empty write still runs them.
   */
  async writeChunks(machineId: string, chunks: Chunk[], mappingVersion: number, also?: AlsoInTransaction): Promise<SignalWrite[]> {
    if (chunks.length === 0 && !also) return [];
    const signals = [...new Set(chunks.map((c) => c.signal))];
    let fromDay = Infinity;
    let toDay = -Infinity;
    for (const c of chunks) {
      fromDay = Math.min(fromDay, c.day);
      toDay = Math.max(toDay, c.day);
    }
    const onMismatch = (c: Chunk, s: StoredChunk): never => {
      throw telemetryErrors.intervalMismatch(c.signal, s.intervalMs, c.intervalMs);
    };
    const now = Date.now();
    if (!this.postgres) {
      const db = (this.ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
      return db.transaction(() => {
        const stored = chunks.length ? indexStored(sqliteStored(db, machineId, signals, fromDay, toDay)) : new Map<string, StoredChunk>();
        refusePruned(chunks, stored);
        const plan = chunks.length ? planMerge(chunks, stored, onMismatch) : EMPTY_PLAN;
        sqliteApplyPlan(db, machineId, plan, mappingVersion, now, this.config.rollupsAtIngest);
        for (const st of also?.(plan.perSignal) ?? []) db.prepare(st.sql).run(...st.params);
        return plan.perSignal;
      })();
    }
    for (let attempt = 1; ; attempt++) {
      const runner = this.ds.createQueryRunner();
      const client = (await runner.connect()) as PoolClient;
      try {
        await client.query('BEGIN');
        const stored = chunks.length ? indexStored(await pgLockStored(client, machineId, signals, fromDay, toDay)) : new Map<string, StoredChunk>();
        refusePruned(chunks, stored);
        // planMerge mutates incoming arrays only through fresh copies of stored ones; safe to retry.
        const plan = chunks.length
          ? planMerge(
              chunks.map((c) => ({ ...c, values: c.values.slice() })),
              stored,
              onMismatch,
            )
          : EMPTY_PLAN;
        await pgApplyPlan(client, machineId, plan, mappingVersion, now, this.config.rollupsAtIngest);
        for (const st of also?.(plan.perSignal) ?? []) await client.query(pgPlaceholders(st.sql), st.params);
        await client.query('COMMIT');
        return plan.perSignal;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
        this.logger.debug({ msg: 'chunk insert raced another writer; merging', machineId, attempt });
      } finally {
        await runner.release();
      }
    }
  }

  /** Every chunk of the machine for the signals and UTC days [fromDay, toDay], in one query. */
  async readChunks(machineId: string, signals: string[], fromDay: number, toDay: number): Promise<ChunkRow[]> {
    if (signals.length === 0) return [];
    if (this.postgres) {
      // Binary COPY: the samples arrive as bytes, not hex text (`pgCopyOut`).
      const tuples = await pgCopyOut(
        this.ds,
        (literal) => `SELECT signal, day, start_ms, interval_ms, samples FROM telemetry_chunks
           WHERE machine_id = ${literal(machineId)} AND signal IN (${signals.map(literal).join(', ')}) AND day >= ${sqlInteger(fromDay)} AND day <= ${sqlInteger(toDay)}
           ORDER BY signal, day`,
      );
      return tuples.map(([signal, day, start, interval, samples]) => ({
        signal: signal!.toString('utf8'),
        day: int8Cell(day),
        startMs: int8Cell(start),
        intervalMs: int8Cell(interval),
        samples: samples!,
      }));
    }
    const rows: Array<{ signal: string; day: string | number; start_ms: string | number; interval_ms: string | number; samples: Buffer }> = await this.ds.query(
      `SELECT signal, day, start_ms, interval_ms, samples FROM telemetry_chunks
       WHERE machine_id = ? AND signal IN (${signals.map(() => '?').join(', ')}) AND day >= ? AND day <= ?
       ORDER BY signal, day`,
      [machineId, ...signals, fromDay, toDay],
    );
    return rows.map((r) => ({ signal: r.signal, day: Number(r.day), startMs: Number(r.start_ms), intervalMs: Number(r.interval_ms), samples: r.samples }));
  }

  /** End of the latest sample stored for any of these machines (one query per 500 machines), or null. */
  /** Start of the earliest sample of any of these machines (null when none has data). */
  async earliestStart(machineIds: readonly string[]): Promise<number | null> {
    let start: number | null = null;
    for (let i = 0; i < machineIds.length; i += 500) {
      const ids = machineIds.slice(i, i + 500);
      const rows: Array<{ start_ms: string | number | null }> = await this.ds.query(
        `SELECT MIN(first_ms) AS start_ms FROM telemetry_series WHERE machine_id IN (${ids.map((_, k) => this.p(k + 1)).join(', ')})`,
        ids,
      );
      const value = rows[0]?.start_ms;
      if (value !== null && value !== undefined && (start === null || Number(value) < start)) start = Number(value);
    }
    return start;
  }

  async latestEnd(machineIds: readonly string[]): Promise<number | null> {
    let end: number | null = null;
    for (let i = 0; i < machineIds.length; i += 500) {
      const ids = machineIds.slice(i, i + 500);
      const rows: Array<{ end_ms: string | number | null }> = await this.ds.query(
        `SELECT MAX(last_ms + interval_ms) AS end_ms FROM telemetry_series WHERE machine_id IN (${ids.map((_, k) => this.p(k + 1)).join(', ')})`,
        ids,
      );
      const value = rows[0]?.end_ms;
      if (value !== null && value !== undefined && (end === null || Number(value) > end)) end = Number(value);
    }
    return end;
  }

  /** End of the latest sample of every machine that has data (one grouped query over the series summary). */
  async latestEndByMachine(): Promise<Map<string, number>> {
    const rows: Array<{ machine_id: string; end_ms: string | number }> = await this.ds.query(
      'SELECT machine_id, MAX(last_ms + interval_ms) AS end_ms FROM telemetry_series GROUP BY machine_id',
    );
    return new Map(rows.map((r) => [String(r.machine_id), Number(r.end_ms)]));
  }

  async seriesInfo(machineId: string): Promise<SeriesInfo[]> {
    const rows: Array<Record<string, string | number>> = await this.ds.query(
      `SELECT signal, interval_ms, first_ms, last_ms, sample_count, mapping_version, updated_at FROM telemetry_series WHERE machine_id = ${this.p(1)} ORDER BY signal`,
      [machineId],
    );
    return rows.map((r) => ({
      signal: String(r.signal),
      intervalMs: Number(r.interval_ms),
      firstMs: Number(r.first_ms),
      lastMs: Number(r.last_ms),
      sampleCount: Number(r.sample_count),
      mappingVersion: Number(r.mapping_version),
      updatedAt: Number(r.updated_at),
    }));
  }
}

/**
 * A stored day whose raw samples raw retention dropped (zero bytes; its hourly rollup stays) takes
 * no more samples: merging into it would recompute the rollup from the new samples alone.
 */
function refusePruned(incoming: readonly Chunk[], stored: ReadonlyMap<string, StoredChunk>): void {
  for (const c of incoming) {
    const s = stored.get(chunkKey(c.signal, c.day));
    if (s && s.samples.length === 0) throw telemetryErrors.rawPruned(c.signal, c.day, 'write');
  }
}

function indexStored(rows: StoredChunk[]): Map<string, StoredChunk> {
  return new Map(rows.map((r) => [chunkKey(r.signal, r.day), r]));
}
