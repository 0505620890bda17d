import { Chunk, decodeValues, MergeCounts, mergeChunk, presentSpan } from './chunk.util';

/** A chunk as read back for a merge: bytes still encoded. */
export interface StoredChunk {
  signal: string;
  day: number;
  startMs: number;
  intervalMs: number;
  samples: Uint8Array;
}

export interface SignalWrite extends MergeCounts {
  signal: string;
  intervalMs: number;
  /** first/last present sample time among the chunks touched (null when nothing present) */
  firstMs: number | null;
  lastMs: number | null;
}

export interface MergePlan {
  /** chunks with no stored row: plain inserts (COPY on PostgreSQL) */
  fresh: Chunk[];
  /** stored chunks whose merged content differs: upserts */
  updates: Chunk[];
  perSignal: SignalWrite[];
}

export const chunkKey = (signal: string, day: number): string => `${signal}\u0000${day}`;

/**
 * Decides, for a batch of incoming chunks of one machine, what to insert and what to
 * rewrite, and counts new / duplicate / replaced samples. A stored chunk on another grid
 * (interval or phase) is refused by the caller's `onMismatch`, never silently resampled.
 */
export function planMerge(incoming: Chunk[], stored: Map<string, StoredChunk>, onMismatch: (c: Chunk, s: StoredChunk) => never): MergePlan {
  const fresh: Chunk[] = [];
  const updates: Chunk[] = [];
  const bySignal = new Map<string, SignalWrite>();
  // Two incoming chunks for the same day (two flushes of one buffer) merge in order.
  const pending = new Map<string, Chunk>();
  for (const chunk of incoming) {
    const key = chunkKey(chunk.signal, chunk.day);
    const s = stored.get(key);
    if (s && (s.intervalMs !== chunk.intervalMs || s.startMs !== chunk.startMs)) onMismatch(chunk, s);
    const before = pending.get(key);
    const base = before ? before.values : s ? decodeValues(s.samples) : null;
    const r = mergeChunk(base, chunk.values);
    const acc = bySignal.get(chunk.signal) ?? {
      signal: chunk.signal,
      intervalMs: chunk.intervalMs,
      written: 0,
      duplicates: 0,
      replaced: 0,
      firstMs: null,
      lastMs: null,
    };
    acc.written += r.written;
    acc.duplicates += r.duplicates;
    acc.replaced += r.replaced;
    const span = presentSpan(chunk.values);
    if (span.count > 0) {
      const first = chunk.startMs + span.first * chunk.intervalMs;
      const last = chunk.startMs + span.last * chunk.intervalMs;
      acc.firstMs = acc.firstMs === null ? first : Math.min(acc.firstMs, first);
      acc.lastMs = acc.lastMs === null ? last : Math.max(acc.lastMs, last);
    }
    bySignal.set(chunk.signal, acc);
    if (before) {
      before.values = r.values;
      continue;
    }
    if (!r.changed) continue;
    const merged = { ...chunk, values: r.values };
    pending.set(key, merged);
    (s ? updates : fresh).push(merged);
  }
  return { fresh, updates, perSignal: [...bySignal.values()] };
}
