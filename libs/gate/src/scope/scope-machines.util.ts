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

/** The evidence run's row for one machine (absent when the run did not cover it). */
export interface MachineResultSource {
  status: 'pending' | 'done' | 'failed';
  verdict: string | null;
  /** Canonical JSON of the MachineAssessment (NaN as null, ±Infinity as strings). */
  result: string | null;
}

/** The figures the gate reads from one stored MachineAssessment. */
export interface AssessmentFigures {
  usableFraction: number | null;
  medianPsi: number | null;
  alarmRateRatio: number | null;
  failures: number;
  detected: number;
}

/** Stored numbers come back as numbers, null (NaN) or "Infinity"/"-Infinity" strings. */
function storedNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return null;
}

function at(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function assessmentFigures(resultText: string): AssessmentFigures {
  const a: unknown = JSON.parse(resultText);
  const performance = at(a, 'performance');
  return {
    usableFraction: storedNumber(at(a, 'coverage', 'usableFraction')),
    medianPsi: storedNumber(at(a, 'drift', 'medianPsi')),
    alarmRateRatio: storedNumber(at(a, 'output', 'alarmRateRatio')),
    failures: performance ? (storedNumber(at(performance, 'failures')) ?? 0) : 0,
    detected: performance ? (storedNumber(at(performance, 'detected')) ?? 0) : 0,
  };
}

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
      if (!r || r.status !== 'done' || !r.result) {
        return { ...base, evaluated: false, verdict: null, usableFraction: null, medianPsi: null, alarmRateRatio: null, failures: 0, detected: 0 };
      }
      return { ...base, evaluated: true, verdict: r.verdict, ...assessmentFigures(r.result) };
    });
}
