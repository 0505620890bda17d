/**
 * The pure part of `simulate publish`: which samples of a continuation go out in which wall-clock
 * tick, and the MQTT payloads that carry them. No I/O.
 */

/** At most this many samples in one message (the ingest commits a message as one unit). */
export const MAX_SAMPLES_PER_MESSAGE = 60;

/** What one machine publishes: its raw tags from `startMs` on its grid, one value per interval. */
export interface Continuation {
  assetId: string;
  startMs: number;
  intervalMs: number;
  /** raw tag → values, NaN = missing (published as null) */
  tags: Record<string, Float32Array>;
}

export interface TelemetryPayload {
  samples: Array<{ ts: string; values: Record<string, number | null> }>;
}

/**
 * Sample indices [from, to) of a continuation that tick k publishes: the samples whose time
 * offset falls in [k·stepMs, (k+1)·stepMs), stepMs being the simulated time per tick (speed ×
 * the tick's wall time). Consecutive ticks cover every sample exactly once.
 */
export function tickRange(k: number, stepMs: number, intervalMs: number, length: number): { from: number; to: number } {
  const first = (t: number): number => Math.min(length, Math.ceil(t / intervalMs));
  return { from: first(k * stepMs), to: first((k + 1) * stepMs) };
}

/** Ticks needed to publish `length` samples. */
export function tickCount(stepMs: number, intervalMs: number, length: number): number {
  return length === 0 ? 0 : Math.ceil((length * intervalMs) / stepMs);
}

/** Samples [from, to) as payloads of at most `perMessage` samples each, in time order. */
export function payloads(c: Continuation, from: number, to: number, perMessage = MAX_SAMPLES_PER_MESSAGE): TelemetryPayload[] {
  const tags = Object.entries(c.tags);
  const out: TelemetryPayload[] = [];
  for (let start = from; start < to; start += perMessage) {
    const samples: TelemetryPayload['samples'] = [];
    for (let i = start; i < Math.min(to, start + perMessage); i++) {
      const values: Record<string, number | null> = {};
      // NaN is not JSON: a missing reading is null
      for (const [tag, series] of tags) values[tag] = series[i] === series[i] ? series[i] : null;
      samples.push({ ts: new Date(c.startMs + i * c.intervalMs).toISOString(), values });
    }
    out.push({ samples });
  }
  return out;
}

/** `<prefix>/<asset id>` */
export function topicFor(prefix: string, assetId: string): string {
  return `${prefix}/${assetId}`;
}

/**
 * Where a machine's continuation starts: the end of its simulated history, or later when live
 * data already reached further (an earlier publish run), rounded up to the history's grid.
 */
export function resumeAt(historyStartMs: number, historyEndMs: number, intervalMs: number, latestEndMs: number | null): number {
  const end = Math.max(historyEndMs, latestEndMs ?? historyEndMs);
  return historyStartMs + Math.ceil((end - historyStartMs) / intervalMs) * intervalMs;
}
