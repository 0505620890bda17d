/** A planned-maintenance window for one machine or a whole line. Pure (no Nest, no I/O). */
export interface MaintenanceSpan {
  id: string;
  machineId: string | null;
  lineId: string | null;
  fromMs: number;
  toMs: number;
}

/** The maintenance window that covers `ms` [from, to) for this machine or its line, if any. */
export function coveringMaintenance(spans: readonly MaintenanceSpan[], machineId: string, lineId: string | null, ms: number): MaintenanceSpan | undefined {
  return spans.find((w) => (w.machineId === machineId || (w.lineId !== null && w.lineId === lineId)) && ms >= w.fromMs && ms < w.toMs);
}
