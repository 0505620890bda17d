import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { SqlStatement } from '../store/chunk.repository';
import type { DeadLetterKind, DeadLetterReason } from './live-payload.util';

export interface DeadMessage {
  hash: string;
  topic: string;
  assetId: string | null;
  receivedAt: number;
  payload: { text: string; bytes: number; truncated: boolean };
}

export interface MinuteCounts {
  messages: number;
  samples: number;
  stored: number;
  written: number;
  snapped: number;
  deadLettered: number;
  deadLetterMessages: number;
}

const num = (v: unknown): number => Number(v ?? 0);

/**
 * The live ingest's tables: dead letters, per-minute counters, last message per machine.
 * Writes are statements committed with the message's samples (see ChunkRepository.writeChunks);
 * `?` placeholders serve both drivers. Counters are upserted increments, so several ingest
 * processes may share them.
 */
@Injectable()
export class LiveRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get postgres(): boolean {
    return this.ds.options.type === 'postgres';
  }

  deadLetterStatements(msg: DeadMessage, reasons: DeadLetterReason[]): SqlStatement[] {
    if (reasons.length === 0) return [];
    return [
      {
        sql: `INSERT INTO live_dead_messages (message_hash, topic, asset_id, received_at, payload, payload_bytes, truncated)
              VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_hash) DO NOTHING`,
        params: [
          msg.hash,
          msg.topic.slice(0, 500),
          msg.assetId?.slice(0, 200) ?? null,
          msg.receivedAt,
          msg.payload.text,
          msg.payload.bytes,
          msg.payload.truncated ? 1 : 0,
        ],
      },
      ...reasons.map((r) => ({
        sql: `INSERT INTO live_dead_letters (message_hash, kind, tag, asset_id, detail, samples, received_at)
              VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_hash, kind, tag) DO NOTHING`,
        params: [msg.hash, r.kind, r.tag.slice(0, 200), msg.assetId?.slice(0, 200) ?? null, r.detail.slice(0, 2000), r.samples, msg.receivedAt],
      })),
    ];
  }

  minuteStatement(minute: number, c: MinuteCounts): SqlStatement {
    return {
      sql: `INSERT INTO live_ingest_minutes (minute, messages, samples, stored, written, snapped, dead_lettered, dead_letter_messages)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (minute) DO UPDATE SET
              messages = live_ingest_minutes.messages + excluded.messages,
              samples = live_ingest_minutes.samples + excluded.samples,
              stored = live_ingest_minutes.stored + excluded.stored,
              written = live_ingest_minutes.written + excluded.written,
              snapped = live_ingest_minutes.snapped + excluded.snapped,
              dead_lettered = live_ingest_minutes.dead_lettered + excluded.dead_lettered,
              dead_letter_messages = live_ingest_minutes.dead_letter_messages + excluded.dead_letter_messages`,
      params: [minute, c.messages, c.samples, c.stored, c.written, c.snapped, c.deadLettered, c.deadLetterMessages],
    };
  }

  machineStatement(machineId: string, receivedAt: number, lastSampleMs: number | null): SqlStatement {
    return {
      sql: `INSERT INTO live_machines (machine_id, last_message_at, last_sample_ms, messages) VALUES (?, ?, ?, 1)
            ON CONFLICT (machine_id) DO UPDATE SET
              last_message_at = CASE WHEN excluded.last_message_at > live_machines.last_message_at THEN excluded.last_message_at ELSE live_machines.last_message_at END,
              last_sample_ms = CASE WHEN live_machines.last_sample_ms IS NULL OR excluded.last_sample_ms > live_machines.last_sample_ms
                               THEN excluded.last_sample_ms ELSE live_machines.last_sample_ms END,
              messages = live_machines.messages + 1`,
      params: [machineId, receivedAt, lastSampleMs],
    };
  }

  /** Runs statements in one transaction (a message that stores no samples: dead letters and counters only). */
  async run(statements: SqlStatement[]): Promise<void> {
    if (!this.postgres) {
      const db = (this.ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
      db.transaction(() => {
        for (const st of statements) db.prepare(st.sql).run(...st.params);
      })();
      return;
    }
    await this.ds.transaction(async (m) => {
      for (const st of statements) {
        let n = 0;
        await m.query(
          st.sql.replace(/\?/g, () => `$${++n}`),
          st.params,
        );
      }
    });
  }

  private q<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    let n = 0;
    return this.ds.query(this.postgres ? sql.replace(/\?/g, () => `$${++n}`) : sql, params);
  }

  async minutes(fromMinute: number): Promise<Array<MinuteCounts & { minute: number }>> {
    const rows = await this.q<Record<string, unknown>>(
      `SELECT minute, messages, samples, stored, written, snapped, dead_lettered, dead_letter_messages FROM live_ingest_minutes WHERE minute >= ? ORDER BY minute`,
      [fromMinute],
    );
    return rows.map((r) => ({
      minute: num(r.minute),
      messages: num(r.messages),
      samples: num(r.samples),
      stored: num(r.stored),
      written: num(r.written),
      snapped: num(r.snapped),
      deadLettered: num(r.dead_lettered),
      deadLetterMessages: num(r.dead_letter_messages),
    }));
  }

  async machines(): Promise<Array<{ machineId: string; lastMessageAt: number; lastSampleMs: number | null; messages: number }>> {
    const rows = await this.q<Record<string, unknown>>(`SELECT machine_id, last_message_at, last_sample_ms, messages FROM live_machines`);
    return rows.map((r) => ({
      machineId: String(r.machine_id),
      lastMessageAt: num(r.last_message_at),
      lastSampleMs: r.last_sample_ms === null ? null : num(r.last_sample_ms),
      messages: num(r.messages),
    }));
  }

  async deadLetterCounts(): Promise<{ messages: number; byReason: Array<{ kind: DeadLetterKind; messages: number; samples: number; lastAt: number }> }> {
    const [total] = await this.q<{ n: unknown }>('SELECT COUNT(*) AS n FROM live_dead_messages');
    const rows = await this.q<Record<string, unknown>>(
      `SELECT kind, COUNT(*) AS messages, SUM(samples) AS samples, MAX(received_at) AS last_at FROM live_dead_letters GROUP BY kind ORDER BY kind`,
    );
    return {
      messages: num(total?.n),
      byReason: rows.map((r) => ({ kind: r.kind as DeadLetterKind, messages: num(r.messages), samples: num(r.samples), lastAt: num(r.last_at) })),
    };
  }

  async recentDeadLetters(limit: number): Promise<Array<Record<string, unknown>>> {
    return this.q(
      `SELECT d.received_at, m.topic, d.asset_id, d.kind, d.tag, d.detail, d.samples, SUBSTR(m.payload, 1, 200) AS preview, m.payload_bytes, m.truncated
       FROM live_dead_letters d JOIN live_dead_messages m ON m.message_hash = d.message_hash
       ORDER BY d.received_at DESC, d.kind LIMIT ?`,
      [limit],
    );
  }
}
