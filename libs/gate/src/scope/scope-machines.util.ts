import { StoredMachineResult } from '@fleetgate/evaluation';
import { ScopeMachine } from '../policy.types';

/** A machine of the requested scope, as the fleet registry describes it. */
export interface ScopeMachineSource {
  machineId: string;
  assetId: string;
  site: string;
  machineModel: string;
  /** Age band at the end of the evidence window, in the report's bands. */
  ageBand: string;
}

/** The evidence run's result for one machine (absent when the run did not cover it). */
export type MachineResultSource = Pick<StoredMachineResult, 'status' | 'verdict' | 'assessment'>;

/** A figure the evaluation could not compute (NaN) is no figure for the rules. */
const figure = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * The machines of the requested scope as the rules see them. A scope machine the run did
 * not evaluate (not in the run's selection, or its evaluation failed) counts as
 * `evaluated: false`, so a promotion to more machines than were evaluated cannot pass
 * on the evaluated ones alone. Ordered by asset id.
 */
export function toScopeMachines(machines: readonly ScopeMachineSource[], results: ReadonlyMap<string, MachineResultSource>): ScopeMachine[] {
  return [...machines]
    .sort((a, b) => (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0))
    .map((m) => {
      const r = results.get(m.machineId);
      const base = { assetId: m.assetId, machineModel: m.machineModel, ageBand: m.ageBand, site: m.site };
      const a = r?.status === 'done' ? r.assessment : null;
      if (!a)
        return { ...base, evaluated: false, verdict: null, usableFraction: null, medianPsi: null, alarmRateRatio: null, failures: 0, detected: 0, value: null };
      return {
        ...base,
        evaluated: true,
        verdict: r!.verdict,
        usableFraction: figure(a.coverage.usableFraction),
        medianPsi: figure(a.drift.medianPsi),
        alarmRateRatio: figure(a.output.alarmRateRatio),
        failures: a.performance?.failures ?? 0,
        detected: a.performance?.detected ?? 0,
        // Absent from assessments stored before value counts: the value rule says insufficient evidence.
        value: a.value ?? null,
      };
    });
}
