import { parseIsoTime } from '@fleetgate/common';

const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A CSV timestamp → epoch ms: ISO-8601 (a date-time without a zone is UTC, never the
 * host's local time) or integer epoch milliseconds. Null when it is neither.
 */
export function parseTimestamp(text: string): number | null {
  const s = text.trim();
  if (/^\d{11,13}$/.test(s)) return Number(s);
  const withZone = /T|\s/.test(s) && !ZONE.test(s) ? `${s}Z` : s;
  return parseIsoTime(withZone);
}

const MISSING = new Set(['', 'nan', 'null', 'na', 'n/a', '-']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell → number, NaN for an explicitly missing value, null when it is not a number at all. */
export function parseValue(text: string): number | null {
  const s = text.trim();
  if (MISSING.has(s.toLowerCase())) return NaN;
  if (!NUMBER.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) && Math.abs(v) <= 3.4e38 ? v : null;
}

const INTEGER = /^[+-]?\d+$/;
const DIGITS = /^\d+$/;

/**
 * Why a row does not have as many cells as the header, or null when it does. A row with
 * one cell too many and two neighbouring integer cells ("12","5") is most likely an
 * unquoted decimal comma (`12,5`), which would shift every later value into the wrong column.
 */
export function cellCountProblem(cells: readonly string[], headerCells: number): string | null {
  if (cells.length === headerCells) return null;
  const counts = `${cells.length} cells, header has ${headerCells}`;
  if (cells.length < headerCells) return `${counts} — a missing value still needs its (empty) cell`;
  const decimalComma = cells.some((c, i) => i > 0 && i + 1 < cells.length && INTEGER.test(c.trim()) && DIGITS.test(cells[i + 1].trim()));
  return decimalComma ? `${counts} — a decimal comma? quote the value or use a point` : `${counts} — an unquoted comma in a value?`;
}

export const LONG_COLUMNS = ['asset_id', 'timestamp', 'tag', 'value'] as const;

/** Index of each long-format column in the header (case-insensitive), or the missing names. */
export function longHeader(header: string[]): { index: Record<(typeof LONG_COLUMNS)[number], number> } | { missing: string[] } {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = LONG_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) return { missing };
  const index = Object.fromEntries(LONG_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<(typeof LONG_COLUMNS)[number], number>;
  return { index };
}

export type LongRow = { assetId: string; t: number; tag: string; value: number } | { reason: string };

/** Validates one long-format row (asset id, time, tag, value); a missing value is kept as NaN. */
export function parseLongRow(fields: string[], index: Record<(typeof LONG_COLUMNS)[number], number>): LongRow {
  const get = (c: (typeof LONG_COLUMNS)[number]): string => (fields[index[c]] ?? '').trim();
  const assetId = get('asset_id');
  if (!assetId) return { reason: 'empty asset_id' };
  const tag = get('tag');
  if (!tag) return { reason: 'empty tag' };
  const ts = get('timestamp');
  const t = parseTimestamp(ts);
  if (t === null) return { reason: `bad timestamp "${ts}" (ISO-8601 or epoch ms)` };
  const raw = get('value');
  const value = parseValue(raw);
  if (value === null) return { reason: `non-numeric value "${raw}"` };
  return { assetId, t, tag, value };
}

/**
 * What the first bytes say about a file: empty, binary (a NUL byte or bytes that are not
 * UTF-8), or text. Checked before anything is written.
 */
export function sniffText(head: Uint8Array): { ok: true } | { ok: false; why: string } {
  if (head.length === 0 || Buffer.from(head).toString('utf8').trim() === '') return { ok: false, why: 'the file is empty' };
  const nul = head.indexOf(0);
  if (nul >= 0) return { ok: false, why: `binary content (NUL byte at offset ${nul}), not a CSV text file` };
  // Leave out a multi-byte character the sniff window may have cut in half.
  let end = head.length;
  while (end > 0 && end > head.length - 4 && (head[end - 1] & 0xc0) === 0x80) end--;
  if (end > 0 && head[end - 1] >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    return { ok: false, why: 'binary content (not UTF-8 text), not a CSV text file' };
  }
  return { ok: true };
}
