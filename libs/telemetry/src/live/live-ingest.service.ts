import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { FleetService, MachineEntity, TagMappingService, TagResolution } from '@fleetgate/fleet';
import { IngestService } from '../ingest/ingest.service';
import { RawSamples } from '../ingest/ingest.types';
import { ChunkRepository, SqlStatement } from '../store/chunk.repository';
import { SignalWrite } from '../chunk/merge-plan.util';
import { liveGrid, placeOnGrid } from './live-grid.util';
import { assetOfTopic, DeadLetterReason, parseLivePayload, truncatePayload } from './live-payload.util';
import { LiveRepository, MinuteCounts } from './live.repository';
import { LiveCommitResult } from './live.types';

const MINUTE_MS = 60_000;
// The catalog only grows and nominal intervals change rarely: read it once a minute (or for a signal not seen yet).
const CATALOG_TTL_MS = 60_000;
// Looking up the machine and resolving its tags is most of a message's cost; a change to the
// machine or the mapping rules reaches live data within this long.
const LOOKUP_TTL_MS = 10_000;
const LOOKUP_MAX_ENTRIES = 10_000;

/** Identifies a message across redeliveries: the same topic and payload dead-letter once. */
function messageHash(topic: string, payload: Buffer | string): string {
  return createHash('sha256').update(topic).update('\u0000').update(payload).digest('hex');
}

/**
 * Commits one live (MQTT) message: parse and validate the payload, map raw tags and convert
 * units through the same IngestService as file imports, put samples on their series' grid,
 * and merge them into the store — together with the message's dead letters, the per-minute
 * counters and the machine's last-message time, in one transaction. Never throws for a bad
 * message (it is dead-lettered); throws only when the database does, so the caller does not
 * acknowledge and the broker redelivers.
 */
function emptyResult(assetId: string | null): LiveCommitResult {
  return { assetId, machineId: null, samples: 0, stored: 0, written: 0, duplicates: 0, replaced: 0, snapped: 0, deadLettered: 0, reasons: [] };
}

@Injectable()
export class LiveIngestService {
  private nominal: { at: number; intervals: Map<string, number> } | null = null;
  private readonly machines = new Map<string, { at: number; machine: MachineEntity }>();
  private readonly resolutions = new Map<string, { at: number; resolution: TagResolution }>();

  constructor(
    private readonly fleet: FleetService,
    private readonly mapping: TagMappingService,
    private readonly ingest: IngestService,
    private readonly chunks: ChunkRepository,
    private readonly repo: LiveRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async commit(topic: string, payload: Buffer | string, receivedAt = Date.now()): Promise<LiveCommitResult> {
    const hash = messageHash(topic, payload);
    const assetId = assetOfTopic(topic, this.config.mqttTopicPrefix);
    const result = emptyResult(assetId);
    const deadMessage = () => ({ hash, topic, assetId, receivedAt, payload: truncatePayload(payload) });
    const refuseAll = async (reason: DeadLetterReason): Promise<LiveCommitResult> => {
      result.reasons = [reason];
      result.deadLettered = reason.samples;
      await this.repo.run([...this.repo.deadLetterStatements(deadMessage(), result.reasons), this.minute(receivedAt, result)]);
      return result;
    };

    if (assetId === null)
      return refuseAll({ kind: 'unknown-asset', tag: '', detail: `topic "${topic}" is not ${this.config.mqttTopicPrefix}/<asset id>`, samples: 0 });
    const parsed = parseLivePayload(payload, receivedAt);
    if ('fatal' in parsed) return refuseAll(parsed.fatal);
    result.samples = parsed.samples;
    const machine = await this.machine(assetId, receivedAt);
    if (!machine) {
      const given = parsed.samples - parsed.reasons.reduce((a, r) => a + r.samples, 0);
      return refuseAll({ kind: 'unknown-asset', tag: '', detail: `unknown asset "${assetId}" (not in the fleet registry)`, samples: given });
    }
    result.machineId = machine.id;
    const reasons = [...parsed.reasons];
    const tags = [...parsed.tags.keys()];
    const resolution = await this.resolve(machine, tags, receivedAt);
    const count = (tag: string) => parsed.tags.get(tag)!.times.length;
    for (const tag of resolution.unmapped)
      if (parsed.tags.has(tag))
        reasons.push({ kind: 'unmapped-tag', tag, detail: `unmapped tag "${tag}": no mapping rule matches it for "${assetId}"`, samples: count(tag) });
    for (const a of resolution.ambiguous)
      reasons.push({
        kind: 'ambiguous-tag',
        tag: a.rawTag,
        detail: `ambiguous tag "${a.rawTag}": rules ${a.candidates.map((c) => c.ruleId).join(', ')} disagree`,
        samples: count(a.rawTag),
      });
    for (const d of resolution.duplicateSignals)
      for (const tag of d.rawTags)
        reasons.push({ kind: 'ambiguous-tag', tag, detail: `tags ${d.rawTags.join(', ')} all map to ${d.signal} in one message`, samples: count(tag) });

    const stored = new Map((await this.chunks.seriesInfo(machine.id)).map((s) => [s.signal, s]));
    const nominal = await this.nominalIntervals(
      receivedAt,
      resolution.mapped.filter((m) => !stored.has(m.signal)).map((m) => m.signal),
    );
    const raw: Record<string, RawSamples> = {};
    const signalOf = new Map<string, string>();
    let lastSampleMs: number | null = null;
    for (const m of resolution.mapped) {
      const data = parsed.tags.get(m.rawTag);
      if (!data) continue;
      const grid = liveGrid(stored.get(m.signal), data.times, nominal.get(m.signal) ?? MINUTE_MS);
      const placed = placeOnGrid(data.times, data.values, grid);
      if (placed.offGrid.count > 0)
        reasons.push({
          kind: 'off-grid',
          tag: m.rawTag,
          detail: `${new Date(placed.offGrid.firstMs!).toISOString()} is midway between two slots of ${m.signal}'s ${grid.intervalMs} ms grid`,
          samples: placed.offGrid.count,
        });
      if (placed.times.length === 0) continue;
      raw[m.rawTag] = { intervalMs: grid.intervalMs, times: placed.times, values: placed.values };
      signalOf.set(m.signal, m.rawTag);
      result.stored += placed.times.length;
      result.snapped += placed.snapped;
      for (const t of placed.times) if (lastSampleMs === null || t > lastSampleMs) lastSampleMs = t;
    }

    const placedCount = result.stored;
    // Built inside the write's transaction (and again if PostgreSQL retries it): no state carried between calls.
    const also = (writes: SignalWrite[]): SqlStatement[] => {
      // A signal the ingest refused (its series got another grid since we read it) is dead-lettered, never dropped.
      const written = new Set(writes.map((w) => w.signal));
      const refused: DeadLetterReason[] = [...signalOf]
        .filter(([signal]) => !written.has(signal))
        .map(([signal, tag]) => ({
          kind: 'off-grid',
          tag,
          detail: `${signal}: its stored grid changed while this message was committed`,
          samples: raw[tag].times.length,
        }));
      result.reasons = [...reasons, ...refused];
      result.stored = placedCount - refused.reduce((a, r) => a + r.samples, 0);
      result.written = writes.reduce((a, w) => a + w.written, 0);
      result.deadLettered = result.reasons.reduce((a, r) => a + r.samples, 0);
      return [
        ...this.repo.deadLetterStatements(deadMessage(), result.reasons),
        this.minute(receivedAt, result),
        this.repo.machineStatement(machine.id, receivedAt, lastSampleMs),
      ];
    };
    const r = await this.ingest.ingestMachineSeries(machine, raw, resolution, also);
    result.duplicates = r.duplicates;
    result.replaced = r.replaced;
    return result;
  }

  /** Dead-letters a message whose commit keeps failing for another reason than its content (its samples are not stored). */
  async deadLetterFailure(topic: string, payload: Buffer | string, error: string, receivedAt = Date.now()): Promise<LiveCommitResult> {
    const hash = messageHash(topic, payload);
    const assetId = assetOfTopic(topic, this.config.mqttTopicPrefix);
    const reason: DeadLetterReason = { kind: 'internal-error', tag: '', detail: `not committed: ${error}`.slice(0, 2000), samples: 0 };
    const result = { ...emptyResult(assetId), reasons: [reason] };
    await this.repo.run([
      ...this.repo.deadLetterStatements({ hash, topic, assetId, receivedAt, payload: truncatePayload(payload) }, [reason]),
      this.minute(receivedAt, result),
    ]);
    return result;
  }

  private minute(receivedAt: number, r: LiveCommitResult): SqlStatement {
    const counts: MinuteCounts = {
      messages: 1,
      samples: r.samples,
      stored: r.stored,
      written: r.written,
      snapped: r.snapped,
      deadLettered: r.deadLettered,
      deadLetterMessages: r.reasons.length > 0 ? 1 : 0,
    };
    return this.repo.minuteStatement(Math.floor(receivedAt / MINUTE_MS) * MINUTE_MS, counts);
  }

  /** Known machines are cached for a few seconds; an unknown asset is looked up every time (it may be registered any moment). */
  private async machine(assetId: string, now: number): Promise<MachineEntity | null> {
    const hit = this.machines.get(assetId);
    if (hit && now - hit.at < LOOKUP_TTL_MS) return hit.machine;
    const machine = await this.fleet.findByAssetId(assetId);
    if (this.machines.size >= LOOKUP_MAX_ENTRIES) this.machines.clear();
    if (machine) this.machines.set(assetId, { at: now, machine });
    else this.machines.delete(assetId);
    return machine;
  }

  private async resolve(machine: MachineEntity, tags: string[], now: number): Promise<TagResolution> {
    const key = `${machine.id}\u0000${[...tags].sort().join('\u0000')}`;
    const hit = this.resolutions.get(key);
    if (hit && now - hit.at < LOOKUP_TTL_MS) return hit.resolution;
    const resolution = await this.ingest.resolve(machine, tags);
    if (this.resolutions.size >= LOOKUP_MAX_ENTRIES) this.resolutions.clear();
    this.resolutions.set(key, { at: now, resolution });
    return resolution;
  }

  /** Read again after a minute, or at once when a signal is missing (added to the catalog since). */
  private async nominalIntervals(now: number, signals: string[]): Promise<Map<string, number>> {
    const stale = !this.nominal || now - this.nominal.at > CATALOG_TTL_MS || signals.some((s) => !this.nominal!.intervals.has(s));
    if (stale) this.nominal = { at: now, intervals: await this.mapping.nominalIntervals() };
    return this.nominal!.intervals;
  }
}
