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

/** The events that label data: they alone decide which windows are healthy (see @fleetgate/inference). */
export type LabelKind = 'failure' | 'maintenance';
export const LABEL_KINDS: readonly LabelKind[] = ['failure', 'maintenance'];

/**
 * `error`: a machine error or alarm record (Azure's `errorN`, a PLC alarm) with its code. Context
 * only: a machine that logs errors keeps running, so error events never mark windows unhealthy.
 */
export type EventKind = LabelKind | 'error';
export const EVENT_KINDS: readonly EventKind[] = [...LABEL_KINDS, 'error'];

export interface MachineEventInput {
  ts: number;
  kind: EventKind;
  /** '' when not known */
  component: string;
  /** The error or alarm code (required for `error`); '' when none. */
  code?: string;
  source: string;
}

export interface StoredEvent extends MachineEventInput {
  id: string;
  machineId: string;
  code: string;
}

/** A failure or maintenance event: what `TelemetryService.labelEvents` returns. */
export type LabelEvent = StoredEvent & { kind: LabelKind };

/** Samples written by one write call, in total and per canonical signal. */
export interface WriteCounts {
  written: number;
  duplicates: number;
  replaced: number;
}
