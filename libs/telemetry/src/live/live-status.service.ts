import { Injectable } from '@nestjs/common';
import { FleetService } from '@fleetgate/fleet';
import { LiveRepository } from './live.repository';
import { LiveStatus } from './live.types';

const MINUTE_MS = 60_000;
const RATE_WINDOW_MINUTES = 5;
const RECENT_DEAD_LETTERS = 20;

const iso = (t: number): string => new Date(t).toISOString();

/** What the live ingest has done, from the database alone (so it survives restarts and counts every ingest process). */
@Injectable()
export class LiveStatusService {
  constructor(
    private readonly repo: LiveRepository,
    private readonly fleet: FleetService,
  ) {}

  /** The last message per machine, by asset id (asset ids come from the fleet registry, not its tables). */
  private async machines(): Promise<LiveStatus['machines']> {
    const rows = await this.repo.machines();
    if (rows.length === 0) return [];
    const assetOf = new Map((await this.fleet.listMachines()).map((m) => [m.id, m.assetId]));
    return rows
      .filter((m) => assetOf.has(m.machineId))
      .map((m) => ({
        machineId: m.machineId,
        assetId: assetOf.get(m.machineId)!,
        lastMessageAt: iso(m.lastMessageAt),
        lastSampleAt: m.lastSampleMs === null ? null : iso(m.lastSampleMs),
        messages: m.messages,
      }))
      .sort((a, b) => a.assetId.localeCompare(b.assetId));
  }

  async status(now = Date.now()): Promise<LiveStatus> {
    const thisMinute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const minutes = await this.repo.minutes(thisMinute - 59 * MINUTE_MS);
    const recentWindow = minutes.filter((m) => m.minute > thisMinute - RATE_WINDOW_MINUTES * MINUTE_MS);
    const rate = (k: 'messages' | 'samples' | 'deadLettered') => Math.round((recentWindow.reduce((a, m) => a + m[k], 0) / RATE_WINDOW_MINUTES) * 10) / 10;
    const dead = await this.repo.deadLetterCounts();
    const recent = await this.repo.recentDeadLetters(RECENT_DEAD_LETTERS);
    return {
      at: iso(now),
      rates: {
        windowMinutes: RATE_WINDOW_MINUTES,
        messagesPerMinute: rate('messages'),
        samplesPerMinute: rate('samples'),
        deadLetteredPerMinute: rate('deadLettered'),
      },
      minutes: minutes.map(({ minute, ...counts }) => ({ minute: iso(minute), ...counts })),
      machines: await this.machines(),
      deadLetters: {
        messages: dead.messages,
        byReason: dead.byReason.map((r) => ({ ...r, lastAt: iso(r.lastAt) })),
        recent: recent.map((r) => ({
          receivedAt: iso(Number(r.received_at)),
          topic: String(r.topic),
          assetId: r.asset_id === null ? null : String(r.asset_id),
          kind: r.kind as LiveStatus['deadLetters']['byReason'][number]['kind'],
          tag: String(r.tag),
          detail: String(r.detail),
          samples: Number(r.samples),
          payloadPreview: String(r.preview),
          payloadBytes: Number(r.payload_bytes),
          truncated: r.truncated === true || Number(r.truncated) === 1,
        })),
      },
    };
  }
}
