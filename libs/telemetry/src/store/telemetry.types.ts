/** What the store knows about one machine × signal series. */
export interface SeriesInfo {
  signal: string;
  intervalMs: number;
  /** first and last present sample (epoch ms) */
  firstMs: number;
  lastMs: number;
  /** present samples stored */
  sampleCount: number;
  mappingVersion: number;
  updatedAt: number;
}

export type EventKind = 'failure' | 'maintenance';
export const EVENT_KINDS: readonly EventKind[] = ['failure', 'maintenance'];

export interface MachineEventInput {
  ts: number;
  kind: EventKind;
  /** '' when not known */
  component: string;
  source: string;
}

export interface StoredEvent extends MachineEventInput {
  id: string;
  machineId: string;
}

/** Samples written by one write call, in total and per canonical signal. */
export interface WriteCounts {
  written: number;
  duplicates: number;
  replaced: number;
}
