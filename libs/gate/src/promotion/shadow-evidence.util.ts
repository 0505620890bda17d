import { DAY_MS } from '@fleetgate/common';
import { ShadowEvidence } from '../policy.types';

/** A shadow of the candidate as the gate reads it from the `shadows` table. */
export interface ShadowRecord {
  id: string;
  machineIds: string[];
  createdAt: number;
  stoppedAt: number | null;
}

/** Compared windows of one shadow on one machine, and how many of them both versions agreed on. */
export interface ShadowCount {
  shadowId: string;
  machineId: string;
  windows: number;
  agreed: number;
}

/**
 * What the `shadow` rule judges: the longest shadow of the candidate whose scope holds every
 * requested machine gives the days; agreement is counted over the compared windows of the
 * candidate's shadows on scope machines (starting a shadow refuses a machine the version already
 * shadows, so no window is counted twice).
 */
export function shadowEvidence(shadows: ShadowRecord[], counts: ShadowCount[], scopeMachineIds: string[], nowMs: number): ShadowEvidence {
  const scope = new Set(scopeMachineIds);
  const covering = shadows.filter((s) => scopeMachineIds.every((id) => s.machineIds.includes(id)));
  const days = covering.reduce((best, s) => Math.max(best, ((s.stoppedAt ?? nowMs) - s.createdAt) / DAY_MS), 0);
  const inScope = counts.filter((c) => scope.has(c.machineId) && c.windows > 0);
  const windows = inScope.reduce((n, c) => n + c.windows, 0);
  const agreed = inScope.reduce((n, c) => n + c.agreed, 0);
  return { days, machinesCompared: new Set(inScope.map((c) => c.machineId)).size, windows, agreement: windows ? agreed / windows : null };
}
