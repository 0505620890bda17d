import { Chunk, chunkGrid, utcDay } from '../chunk/chunk.util';

/**
 * Irregular samples (times in epoch ms) → day chunks on the grid t ≡ phase (mod interval).
 * A sample off the grid goes to the nearest grid time. Two samples landing on the same grid
 * time: the later one in input order wins, and the collision is counted as a duplicate
 * (same value) or a replacement (different value) — never silently.
 */
export function samplesToChunks(
  signal: string,
  intervalMs: number,
  phaseMs: number,
  times: ArrayLike<number>,
  values: ArrayLike<number>,
): { chunks: Chunk[]; duplicates: number; replaced: number; snapped: number } {
  const byDay = new Map<number, Chunk>();
  let duplicates = 0;
  let replaced = 0;
  let snapped = 0;
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const t = times[i];
    const slotT = phaseMs + Math.round((t - phaseMs) / intervalMs) * intervalMs;
    if (slotT !== t) snapped++;
    const day = utcDay(slotT);
    let chunk = byDay.get(day);
    if (!chunk) {
      const grid = chunkGrid(day, phaseMs, intervalMs);
      chunk = { signal, day, startMs: grid.startMs, intervalMs, values: new Float32Array(grid.length).fill(NaN) };
      byDay.set(day, chunk);
    }
    const k = Math.round((slotT - chunk.startMs) / intervalMs);
    const old = chunk.values[k];
    const f = Math.fround(v);
    if (old === old) {
      if (old === f) duplicates++;
      else replaced++;
    }
    chunk.values[k] = f;
  }
  return { chunks: [...byDay.values()].sort((a, b) => a.day - b.day), duplicates, replaced, snapped };
}

/**
 * The sampling interval of a series: the most common positive difference between
 * consecutive distinct sorted times (ties → the smaller). Null with fewer than two times.
 */
export function inferInterval(times: ArrayLike<number>): number | null {
  const sorted = Float64Array.from(times).sort();
  const counts = new Map<number, number>();
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i] - sorted[i - 1];
    if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best: number | null = null;
  let bestCount = 0;
  for (const [d, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== null && d < best)) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}
