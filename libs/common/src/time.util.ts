/** Strict ISO-8601 parse (date or date-time); returns epoch ms or null when it is not one. */
export function parseIsoTime(text: string): number | null {
  if (typeof text !== 'string') return null;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return null;
  const ms = Date.parse(
    text
      .trim()
      .replace(' ', 'T')
      .replace(/^(\d{4}-\d{2}-\d{2})$/, '$1T00:00:00Z'),
  );
  return Number.isFinite(ms) ? ms : null;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
