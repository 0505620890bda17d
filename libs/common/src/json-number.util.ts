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

/**
 * `encodeNonFinite` applied through a whole value (reports, stored assessments): every
 * number encoded, typed arrays as plain lists, undefined properties left out.
 */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return encodeNonFinite(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, encodeNonFinite);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}
