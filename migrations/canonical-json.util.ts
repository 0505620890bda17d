/**
 * The gate's canonical JSON (keys sorted at every level), as the policy's stored text and hash
 * require. The migrations' own copy, never the lib's: a migration must keep doing what it did
 * when the lib changes.
 */
export function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sort(value));
}
