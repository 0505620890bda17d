/**
 * The route label of a request: the template Express matched (`/api/evaluations/:id`), never
 * the concrete path, so the label set stays bounded. A request no route matched is
 * `unmatched` (or `<mount>/*` under a mounted sub-app such as the queue view's assets).
 */
export function routeLabel(req: { baseUrl?: string; route?: { path?: unknown } }): string {
  const base = req.baseUrl ?? '';
  const path = req.route?.path;
  if (typeof path === 'string') return joinPath(base, path);
  if (path instanceof RegExp) return joinPath(base, '(regex)');
  return base ? `${base}/*` : 'unmatched';
}

function joinPath(base: string, path: string): string {
  if (!base) return path || '/';
  if (path === '/' || path === '') return base;
  return `${base}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** Seconds since a `process.hrtime.bigint()` start. */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
