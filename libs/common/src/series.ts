/**
 * One canonical signal of one machine on its own regular grid: sample i is at
 * `startMs + i * intervalMs` (epoch ms, UTC); NaN marks a missing sample.
 * This is the shape the telemetry store returns and the feature builder reads.
 */
export interface Series {
  startMs: number;
  intervalMs: number;
  values: Float32Array;
}
