import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventKind, MachineEventInput, StoredEvent } from './telemetry.types';

const BATCH = 500;

/** Failure, maintenance and error events; the unique (machine, ts, kind, component, code) makes re-imports add nothing. */
@Injectable()
export class EventRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private p(n: number): string {
    return this.ds.options.type === 'postgres' ? `$${n}` : '?';
  }

  /** Inserts what is new; returns how many rows were added (the rest were already there). */
  async insert(machineId: string, events: MachineEventInput[]): Promise<number> {
    let added = 0;
    const now = Date.now();
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      const params: unknown[] = [];
      const tuples = batch.map((e) => {
        params.push(randomUUID(), machineId, e.ts, e.kind, e.component, e.code ?? '', e.source, now);
        const b = params.length - 8;
        return `(${[1, 2, 3, 4, 5, 6, 7, 8].map((k) => this.p(b + k)).join(', ')})`;
      });
      const rows: unknown[] = await this.ds.query(
        `INSERT INTO events (id, machine_id, ts, kind, component, code, source, created_at) VALUES ${tuples.join(', ')}
         ON CONFLICT (machine_id, ts, kind, component, code) DO NOTHING RETURNING id`,
        params,
      );
      added += rows.length;
    }
    return added;
  }

  /** The machine's events in [fromMs, toMs), in time order; only the given kinds when `kinds` is set. */
  async list(machineId: string, fromMs?: number, toMs?: number, kinds?: readonly EventKind[]): Promise<StoredEvent[]> {
    const params: unknown[] = [machineId];
    let where = `machine_id = ${this.p(1)}`;
    if (kinds) {
      if (kinds.length === 0) return [];
      where += ` AND kind IN (${kinds.map((k) => this.p(params.push(k))).join(', ')})`;
    }
    if (fromMs !== undefined) {
      params.push(fromMs);
      where += ` AND ts >= ${this.p(params.length)}`;
    }
    if (toMs !== undefined) {
      params.push(toMs);
      where += ` AND ts < ${this.p(params.length)}`;
    }
    const rows: Array<Record<string, string | number>> = await this.ds.query(
      `SELECT id, machine_id, ts, kind, component, code, source FROM events WHERE ${where} ORDER BY ts, kind, component, code`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      machineId: String(r.machine_id),
      ts: Number(r.ts),
      kind: r.kind as StoredEvent['kind'],
      component: String(r.component),
      code: String(r.code),
      source: String(r.source),
    }));
  }
}
