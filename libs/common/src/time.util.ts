/** The years a time may fall in: telemetry, evaluations and training never reach outside them. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2100;
/** What parseIsoTime accepts, for error messages. */
export const ISO_TIME_HINT = `an ISO-8601 date or date-time between ${MIN_YEAR} and ${MAX_YEAR}`;

/**
 * Strict ISO-8601 parse (date or date-time) of a time in the years MIN_YEAR–MAX_YEAR; returns
 * epoch ms or null when it is not one ("0001-01-01 … 9999-12-31" is not a time window, it is a
 * request to read everything).
 */
export function parseIsoTime(text: string): number | null {
  if (typeof text !== 'string') return null;
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return null;
  const year = Number(text.trim().slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
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
