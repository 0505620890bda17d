/**
 * JSON has no NaN or Infinity: NaN (an undefined statistic, e.g. AUROC without failures)
 * becomes null, ±Infinity (e.g. W1/σ against a flat reference) the strings
 * "Infinity"/"-Infinity". Typed arrays become plain lists.
 */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (v) => jsonSafe(v));
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}
