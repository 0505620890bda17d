import { countReason, ReasonCount } from '@fleetgate/common';
import type { IngestResult } from '../ingest/ingest.types';

/** One refused row (or cell, or header column), with where it is and why. */
export interface ImportRejection {
  /** 1-based line of the file (the header is line 1) */
  line: number;
  column?: string;
  reason: string;
}

export interface ImportSummary {
  kind: 'csv-wide' | 'csv-long' | 'cmapss' | 'events' | 'simulate';
  source: string;
  rowsRead: number;
  /** rows refused as a whole, nothing of them imported (wrong cell count, bad timestamp, unknown asset, …) */
  rowsRefused: number;
  machines: number;
  samplesWritten: number;
  duplicates: number;
  replaced: number;
  /** rejected rows / cells; each is listed in `rejections` (up to MAX_LISTED) */
  rejected: number;
  rejections: ImportRejection[];
  /** true when more rejections happened than are listed */
  rejectionsTruncated: boolean;
  /** every rejection counted by kind (values masked), with its first example and line */
  rejectedByReason: ReasonCount[];
  eventsWritten: number;
  eventsDuplicate: number;
  /** unmapped / ambiguous raw tags per machine (asset id → tags) */
  unmappedTags: Record<string, string[]>;
  mappingVersions: number[];
}

export const MAX_LISTED = 10_000;

export function emptySummary(kind: ImportSummary['kind'], source: string): ImportSummary {
  return {
    kind,
    source,
    rowsRead: 0,
    rowsRefused: 0,
    machines: 0,
    samplesWritten: 0,
    duplicates: 0,
    replaced: 0,
    rejected: 0,
    rejections: [],
    rejectionsTruncated: false,
    rejectedByReason: [],
    eventsWritten: 0,
    eventsDuplicate: 0,
    unmappedTags: {},
    mappingVersions: [],
  };
}

export function addRejection(s: ImportSummary, r: ImportRejection, count = 1): void {
  s.rejected += count;
  countReason(s.rejectedByReason, r.reason, { line: r.line }, count);
  if (s.rejections.length < MAX_LISTED) s.rejections.push(r);
  else s.rejectionsTruncated = true;
}

/** A row refused as a whole: listed like any rejection and counted in `rowsRefused`. */
export function refuseRow(s: ImportSummary, r: ImportRejection): void {
  s.rowsRefused++;
  addRejection(s, r);
}

/** Something was refused and nothing at all reached the store (no sample or event, new or already there). */
export function nothingImported(s: ImportSummary): boolean {
  const stored = s.samplesWritten + s.duplicates + s.replaced + s.eventsWritten + s.eventsDuplicate;
  return stored === 0 && (s.rejected > 0 || s.rejections.length > 0);
}

/** Folds one machine's ingest result into the import summary. */
export function addIngest(s: ImportSummary, r: IngestResult): void {
  s.samplesWritten += r.written;
  s.duplicates += r.duplicates;
  s.replaced += r.replaced;
  if (!s.mappingVersions.includes(r.mappingVersion)) s.mappingVersions.push(r.mappingVersion);
  const bad = [...r.unmapped, ...r.ambiguous.map((a) => a.rawTag)];
  if (bad.length) s.unmappedTags[r.assetId] = [...new Set([...(s.unmappedTags[r.assetId] ?? []), ...bad])];
}
