import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpRequestDuration, routeLabel, secondsSince } from '@fleetgate/metrics';

/** Times every request into `fleetgate_http_request_duration_seconds{method,route,status}` (route = the matched template). */
export function httpMetricsMiddleware(req: IncomingMessage & { baseUrl?: string; route?: { path?: unknown } }, res: ServerResponse, next: () => void): void {
  const start = process.hrtime.bigint();
  res.once('finish', () =>
    httpRequestDuration.observe({ method: req.method ?? 'unknown', route: routeLabel(req), status: String(res.statusCode) }, secondsSince(start)),
  );
  next();
}
