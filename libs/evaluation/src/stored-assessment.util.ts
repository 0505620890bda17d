import { canonicalJson, decodeNonFinite, jsonSafe } from '@fleetgate/common';
import { MachineAssessment } from './assess-machine.util';

/** Fields of a MachineAssessment that are null when absent; every other null is an encoded NaN. */
const NULLABLE = new Set(['performance', 'calibrationEndMs', 'explicitVersion']);

/** The stored text of an assessment: canonical JSON, NaN as null, ±Infinity as strings. */
export function encodeAssessment(assessment: MachineAssessment): string {
  return canonicalJson(jsonSafe(assessment));
}

/** Inverse of `encodeAssessment`: the assessment with NaN and ±Infinity restored. */
export function decodeAssessment(text: string): MachineAssessment {
  return JSON.parse(text, (key, value: unknown) => {
    if (value === null) return NULLABLE.has(key) ? null : NaN;
    if (value === 'Infinity' || value === '-Infinity') return decodeNonFinite(value);
    return value;
  }) as MachineAssessment;
}
