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
  machines: number;
  samplesWritten: number;
  duplicates: number;
  replaced: number;
  /** rejected rows / cells; each is listed in `rejections` (up to MAX_LISTED) */
  rejected: number;
  rejections: ImportRejection[];
  /** true when more rejections happened than are listed */
  rejectionsTruncated: boolean;
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
    machines: 0,
    samplesWritten: 0,
    duplicates: 0,
    replaced: 0,
    rejected: 0,
    rejections: [],
    rejectionsTruncated: false,
    eventsWritten: 0,
    eventsDuplicate: 0,
    unmappedTags: {},
    mappingVersions: [],
  };
}

export function addRejection(s: ImportSummary, r: ImportRejection, count = 1): void {
  s.rejected += count;
  if (s.rejections.length < MAX_LISTED) s.rejections.push(r);
  else s.rejectionsTruncated = true;
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
