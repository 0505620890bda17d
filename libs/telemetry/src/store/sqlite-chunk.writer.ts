import type { Database, Statement } from 'better-sqlite3';
import { encodeValues } from '../chunk/chunk.util';
import { MergePlan, StoredChunk } from '../chunk/merge-plan.util';
import { rollupDayBytes } from '../rollup/hourly-rollup.util';

interface Statements {
  upsertChunk: Statement;
  upsertSeries: Statement;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      upsertChunk: db.prepare(
        `INSERT INTO telemetry_chunks (machine_id, signal, day, start_ms, interval_ms, samples, mapping_version, updated_at, hours)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (machine_id, signal, day) DO UPDATE SET
           samples = excluded.samples, hours = excluded.hours, mapping_version = excluded.mapping_version, updated_at = excluded.updated_at`,
      ),
      upsertSeries: db.prepare(
        `INSERT INTO telemetry_series (machine_id, signal, interval_ms, first_ms, last_ms, sample_count, mapping_version, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (machine_id, signal) DO UPDATE SET
           interval_ms = excluded.interval_ms,
           first_ms = MIN(telemetry_series.first_ms, excluded.first_ms),
           last_ms = MAX(telemetry_series.last_ms, excluded.last_ms),
           sample_count = telemetry_series.sample_count + excluded.sample_count,
           mapping_version = excluded.mapping_version,
           updated_at = excluded.updated_at`,
      ),
    };
    cache.set(db, s);
  }
  return s;
}

export function sqliteStored(db: Database, machineId: string, signals: string[], fromDay: number, toDay: number): StoredChunk[] {
  const rows = db
    .prepare(
      `SELECT signal, day, start_ms, interval_ms, samples FROM telemetry_chunks
       WHERE machine_id = ? AND signal IN (${signals.map(() => '?').join(', ')}) AND day BETWEEN ? AND ?`,
    )
    .all(machineId, ...signals, fromDay, toDay) as Array<{ signal: string; day: number; start_ms: number; interval_ms: number; samples: Buffer }>;
  return rows.map((r) => ({ signal: r.signal, day: Number(r.day), startMs: Number(r.start_ms), intervalMs: Number(r.interval_ms), samples: r.samples }));
}

/** Applies a merge plan with prepared statements; the caller runs it inside one transaction. */
export function sqliteApplyPlan(db: Database, machineId: string, plan: MergePlan, mappingVersion: number, now: number, rollups: boolean): void {
  const st = statements(db);
  for (const c of [...plan.fresh, ...plan.updates]) {
    // The merged chunk is the whole day: its rollup is recomputed from it, never patched (with
    // rollups off, NULL: readers summarise the day from its samples until a rebuild).
    const hours = rollups ? rollupDayBytes(c) : null;
    st.upsertChunk.run(machineId, c.signal, c.day, c.startMs, c.intervalMs, encodeValues(c.values), mappingVersion, now, hours);
  }
  for (const s of plan.perSignal) {
    if (s.written + s.replaced === 0 || s.firstMs === null) continue;
    st.upsertSeries.run(machineId, s.signal, s.intervalMs, s.firstMs, s.lastMs, s.written, mappingVersion, now);
  }
}
