import * as os from 'node:os';
import { DAY_MS, Series } from '@fleetgate/common';

// Chunks are stored as little-endian Float32 bytes; a big-endian host would need a byte swap.
if (os.endianness() !== 'LE') throw new Error('telemetry chunks assume a little-endian host');

/** One stored row: one machine × signal × UTC day, samples at `startMs + i * intervalMs`. */
export interface Chunk {
  signal: string;
  /** epoch ms of the UTC midnight the chunk belongs to */
  day: number;
  /** time of slot 0: the first grid time at or after `day` */
  startMs: number;
  intervalMs: number;
  values: Float32Array;
}

/** epoch ms of the UTC midnight at or before t. */
export function utcDay(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * The grid of a series is every t with t ≡ phase (mod intervalMs); each UTC day holds the
 * grid times inside it, so an interval that does not divide a day still chunks exactly.
 */
export function chunkGrid(day: number, phaseMs: number, intervalMs: number): { startMs: number; length: number } {
  const startMs = day + mod(phaseMs - day, intervalMs);
  const length = startMs >= day + DAY_MS ? 0 : Math.ceil((day + DAY_MS - startMs) / intervalMs);
  return { startMs, length };
}

export function phaseOf(t: number, intervalMs: number): number {
  return mod(t, intervalMs);
}

/** Splits a regular series into day chunks; days with no sample at all are left out (nothing to store). */
export function splitIntoChunks(signal: string, series: Series): Chunk[] {
  const { startMs, intervalMs, values } = series;
  const out: Chunk[] = [];
  if (values.length === 0) return out;
  const phase = phaseOf(startMs, intervalMs);
  const lastT = startMs + (values.length - 1) * intervalMs;
  for (let day = utcDay(startMs); day <= lastT; day += DAY_MS) {
    const grid = chunkGrid(day, phase, intervalMs);
    const chunk = new Float32Array(grid.length).fill(NaN);
    const first = Math.round((grid.startMs - startMs) / intervalMs);
    let any = false;
    for (let k = Math.max(0, -first); k < grid.length && first + k < values.length; k++) {
      const v = values[first + k];
      chunk[k] = v;
      if (v === v) any = true;
    }
    if (any) out.push({ signal, day, startMs: grid.startMs, intervalMs, values: chunk });
  }
  return out;
}

/** The chunk's bytes as stored (little-endian Float32), copied so the caller may reuse its array. */
export function encodeValues(values: Float32Array): Buffer {
  return Buffer.from(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

/** Stored bytes → a fresh Float32Array (the driver's Buffer may not be 4-byte aligned, so copy). */
export function decodeValues(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.byteLength >>> 2);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 4));
  return out;
}

/**
 * Copies a stored chunk into `target` (a series on the same grid starting at `targetStartMs`),
 * byte for byte, clipping to the target's window. No per-sample objects.
 */
export function copyChunkInto(bytes: Uint8Array, chunkStartMs: number, intervalMs: number, target: Float32Array, targetStartMs: number): void {
  const n = bytes.byteLength >>> 2;
  const offset = Math.round((chunkStartMs - targetStartMs) / intervalMs);
  const from = Math.max(0, -offset);
  const to = Math.min(n, target.length - offset);
  if (to <= from) return;
  new Uint8Array(target.buffer, target.byteOffset, target.byteLength).set(bytes.subarray(from * 4, to * 4), (offset + from) * 4);
}

export interface MergeCounts {
  /** samples stored where there was none */
  written: number;
  /** samples equal to what was stored */
  duplicates: number;
  /** samples that replaced a different stored value */
  replaced: number;
}

/**
 * Merges incoming samples into a stored chunk on the same grid: a missing (NaN) incoming
 * sample never erases a stored one; a different value replaces it (newest write wins).
 * Returns the merged array (the existing one, updated in place) and whether anything changed.
 */
export function mergeChunk(existing: Float32Array | null, incoming: Float32Array): MergeCounts & { values: Float32Array; changed: boolean } {
  const counts = { written: 0, duplicates: 0, replaced: 0 };
  if (!existing) {
    for (let i = 0; i < incoming.length; i++) if (incoming[i] === incoming[i]) counts.written++;
    return { ...counts, values: incoming, changed: counts.written > 0 };
  }
  const values = existing.length >= incoming.length ? existing : growTo(existing, incoming.length);
  for (let i = 0; i < incoming.length; i++) {
    const v = incoming[i];
    if (v !== v) continue;
    const old = values[i];
    if (old !== old) counts.written++;
    else if (old === v) {
      counts.duplicates++;
      continue;
    } else counts.replaced++;
    values[i] = v;
  }
  return { ...counts, values, changed: counts.written + counts.replaced > 0 || values !== existing };
}

function growTo(a: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n).fill(NaN);
  out.set(a);
  return out;
}

/** Count of non-missing samples, and the first/last present index (−1 when none). */
export function presentSpan(values: Float32Array): { count: number; first: number; last: number } {
  let count = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === values[i]) {
      count++;
      if (first < 0) first = i;
      last = i;
    }
  }
  return { count, first, last };
}
