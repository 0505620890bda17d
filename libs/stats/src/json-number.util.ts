/**
 * How a statistic travels through JSON (reports, jsonb columns, API responses),
 * where JSON.stringify would silently turn NaN and ±Infinity into null:
 * - a finite number stays a number;
 * - NaN ("could not be computed": no data, one class, …) becomes null;
 * - ±Infinity ("unbounded", e.g. W1/σ against a flat reference with a moving
 *   sample) becomes the string "Infinity" / "-Infinity", so a gate rule still sees
 *   a failing value instead of missing evidence.
 */
export type JsonNumber = number | 'Infinity' | '-Infinity' | null;

export function encodeNonFinite(x: number): JsonNumber {
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x !== x) return null;
  return x;
}

/** Inverse of `encodeNonFinite` (null → NaN). */
export function decodeNonFinite(x: JsonNumber): number {
  if (x === null) return NaN;
  if (x === 'Infinity') return Infinity;
  if (x === '-Infinity') return -Infinity;
  return x;
}
