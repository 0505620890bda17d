import type { Series } from '@fleetgate/common';
import type { SignalWrite } from '../chunk/merge-plan.util';
import type { WriteCounts } from '../store/telemetry.types';

/** Samples of one raw tag as they came: a regular series, or a list of (time, value) samples. */
export type RawTagData = Series | RawSamples;

export interface RawSamples {
  /** the series' sampling interval (inferred or given) */
  intervalMs: number;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface TagRejection {
  rawTag: string;
  reason: string;
  /** present samples not stored because of it */
  samples: number;
}

export interface IngestedSignal extends SignalWrite {
  rawTag: string;
}

/** What one ingest call did for one machine; nothing is dropped without being listed here. */
export interface IngestResult extends WriteCounts {
  machineId: string;
  assetId: string;
  mappingVersion: number;
  signals: IngestedSignal[];
  /** raw tags no rule maps (their samples are counted in `rejectedSamples`) */
  unmapped: string[];
  /** raw tags several rules claim with different meanings */
  ambiguous: Array<{ rawTag: string; candidates: Array<{ ruleId: string; signal: string }> }>;
  /** every raw tag whose samples were not stored, with why */
  rejectedTags: TagRejection[];
  rejectedSamples: number;
}
