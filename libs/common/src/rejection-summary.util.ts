/** How often one kind of rejection happened, with its first occurrence as the example. */
export interface ReasonCount {
  /** the reason with its particular values masked: quoted text → "…", numbers → N */
  reason: string;
  count: number;
  /** the first full reason of this kind, as it was given */
  example: string;
  /** where it first happened (a file line, or a JSON array index) */
  firstLine?: number;
  firstRow?: number;
}

/** Above this many kinds, further kinds are counted under one "other reasons" entry. */
export const MAX_REASON_KINDS = 50;
const OTHER = 'other reasons';

/**
 * The kind of a rejection reason: its particular values masked (`bad timestamp "noon"` →
 * `bad timestamp "…"`, `9 cells, header has 8` → `N cells, header has N`), so that a
 * thousand bad timestamps count as one reason.
 */
export function reasonKind(reason: string): string {
  return reason.replace(/"[^"]*"/g, '"…"').replace(/(?<![\w.-])[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?!\w)/g, 'N');
}

/** Counts one more rejection into `counts` (in place; the first kind seen stays first among equals). */
export function countReason(counts: ReasonCount[], reason: string, at: { line?: number; row?: number } = {}, times = 1): void {
  let kind = reasonKind(reason);
  let entry = counts.find((c) => c.reason === kind);
  if (!entry && counts.length >= MAX_REASON_KINDS) {
    kind = OTHER;
    entry = counts.find((c) => c.reason === OTHER);
  }
  if (!entry) {
    entry = { reason: kind, count: 0, example: reason };
    if (at.line !== undefined) entry.firstLine = at.line;
    if (at.row !== undefined) entry.firstRow = at.row;
    counts.push(entry);
  }
  entry.count += times;
}

/** Most frequent first; equal counts keep the order they were first seen in. */
export function sortedReasons(counts: readonly ReasonCount[]): ReasonCount[] {
  return counts
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.count - a.c.count || a.i - b.i)
    .map(({ c }) => c);
}

/** `3 × bad timestamp "noon" (first at line 4); 1 × …`: the `max` most frequent kinds, then how many more. */
export function reasonsText(counts: readonly ReasonCount[], max = 5): string {
  const sorted = sortedReasons(counts);
  const where = (c: ReasonCount): string =>
    c.firstLine !== undefined ? ` (first at line ${c.firstLine})` : c.firstRow !== undefined ? ` (first at row ${c.firstRow})` : '';
  const shown = sorted.slice(0, max).map((c) => `${c.count} × ${c.reason === OTHER ? OTHER : c.example}${where(c)}`);
  const rest = sorted.slice(max).reduce((a, c) => a + c.count, 0);
  return shown.join('; ') + (rest ? `; ${rest} more of ${sorted.length - max} other kind(s)` : '');
}
