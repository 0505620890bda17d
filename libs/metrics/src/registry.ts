import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per process. Every fleetgate metric is registered here when this module loads;
 * Node's default metrics (event-loop lag, heap, RSS, GC, handles) join it once, under the
 * `fleetgate_` prefix so they never collide with another exporter's on the same host.
 */
export const registry = new Registry();

let defaults = false;

/** Adds prom-client's default Node metrics to the registry (once per process). */
export function collectNodeMetrics(): void {
  if (defaults) return;
  defaults = true;
  collectDefaultMetrics({ register: registry, prefix: 'fleetgate_' });
}
