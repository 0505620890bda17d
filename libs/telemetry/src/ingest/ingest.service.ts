import { Injectable } from '@nestjs/common';
import { MachineEntity, TagMappingService, TagResolution } from '@fleetgate/fleet';
import { Chunk, phaseOf, splitIntoChunks } from '../chunk/chunk.util';
import { AlsoInTransaction, ChunkRepository } from '../store/chunk.repository';
import { RawSamples, RawTagData, IngestResult, TagRejection } from './ingest.types';
import { samplesToChunks } from './sample-grid.util';

function isSamples(d: RawTagData): d is RawSamples {
  return (d as RawSamples).times !== undefined;
}

function presentCount(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  return n;
}

/**
 * The one path from raw tags to stored canonical telemetry, shared by every importer and
 * the simulator: raw tag → canonical signal through the machine's current mapping rules,
 * unit conversion on the whole array, merge into the store with the mapping version.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly mapping: TagMappingService,
    private readonly chunks: ChunkRepository,
  ) {}

  /** Resolves the given raw tags for the machine (its registered tags are not required to include them). */
  resolve(machine: MachineEntity, rawTags: string[]): Promise<TagResolution> {
    return this.mapping.resolveForMachine({ ...machine, rawTags } as MachineEntity);
  }

  /** `also`: statements committed in the same transaction as the samples (built from the write's counts). */
  async ingestMachineSeries(
    machine: MachineEntity,
    raw: Record<string, RawTagData>,
    resolution?: TagResolution,
    also?: AlsoInTransaction,
  ): Promise<IngestResult> {
    const tags = Object.keys(raw);
    const res = resolution ?? (await this.resolve(machine, tags));
    const rejectedTags: TagRejection[] = [];
    const reject = (rawTag: string, reason: string): void => {
      const d = raw[rawTag];
      rejectedTags.push({ rawTag, reason, samples: presentCount(d.values) });
    };
    const mappedBy = new Map(res.mapped.map((m) => [m.rawTag, m]));
    const ambiguous = new Set(res.ambiguous.map((a) => a.rawTag));
    const dupOf = new Map(res.duplicateSignals.flatMap((d) => d.rawTags.map((t) => [t, d] as const)));
    const info = new Map((await this.chunks.seriesInfo(machine.id)).map((s) => [s.signal, s]));

    const chunks: Chunk[] = [];
    const tagOf = new Map<string, string>();
    let inputDuplicates = 0;
    let inputReplaced = 0;
    for (const rawTag of tags) {
      const m = mappedBy.get(rawTag);
      if (!m) {
        if (ambiguous.has(rawTag)) reject(rawTag, 'ambiguous tag: several mapping rules claim it');
        else if (dupOf.has(rawTag)) reject(rawTag, `tags ${dupOf.get(rawTag)!.rawTags.join(', ')} all map to ${dupOf.get(rawTag)!.signal}`);
        else reject(rawTag, 'unmapped tag: no mapping rule matches it for this machine');
        continue;
      }
      const data = raw[rawTag];
      const stored = info.get(m.signal);
      if (stored && stored.intervalMs !== data.intervalMs) {
        reject(rawTag, `${m.signal} is stored every ${stored.intervalMs} ms; these samples are every ${data.intervalMs} ms`);
        continue;
      }
      const scale = m.conversion?.scale ?? 1;
      const offset = m.conversion?.offset ?? 0;
      const convert = (values: ArrayLike<number>): Float32Array => {
        const out = new Float32Array(values.length);
        if (!m.conversion) out.set(values);
        else for (let i = 0; i < values.length; i++) out[i] = values[i] * scale + offset;
        return out;
      };
      tagOf.set(m.signal, rawTag);
      if (isSamples(data)) {
        if (data.times.length === 0) continue;
        const phase = stored ? phaseOf(stored.firstMs, stored.intervalMs) : phaseOf(data.times[0], data.intervalMs);
        const r = samplesToChunks(m.signal, data.intervalMs, phase, data.times, convert(data.values));
        inputDuplicates += r.duplicates;
        inputReplaced += r.replaced;
        chunks.push(...r.chunks);
      } else {
        if (stored && phaseOf(stored.firstMs, stored.intervalMs) !== phaseOf(data.startMs, data.intervalMs)) {
          reject(rawTag, `${m.signal} is stored on another grid phase; these samples are offset from it`);
          continue;
        }
        chunks.push(...splitIntoChunks(m.signal, { startMs: data.startMs, intervalMs: data.intervalMs, values: convert(data.values) }));
      }
    }
    const writes = await this.chunks.writeChunks(machine.id, chunks, res.version, also);
    const signals = writes.map((w) => ({ ...w, rawTag: tagOf.get(w.signal)! }));
    const sum = (k: 'written' | 'duplicates' | 'replaced'): number => signals.reduce((a, s) => a + s[k], 0);
    return {
      machineId: machine.id,
      assetId: machine.assetId,
      mappingVersion: res.version,
      written: sum('written'),
      duplicates: sum('duplicates') + inputDuplicates,
      replaced: sum('replaced') + inputReplaced,
      signals,
      unmapped: res.unmapped.filter((t) => t in raw),
      ambiguous: res.ambiguous.map((a) => ({ rawTag: a.rawTag, candidates: a.candidates.map((c) => ({ ruleId: c.ruleId, signal: c.signal })) })),
      rejectedTags,
      rejectedSamples: rejectedTags.reduce((a, r) => a + r.samples, 0),
    };
  }
}
