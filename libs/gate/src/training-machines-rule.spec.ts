import { DEFAULT_VALUE_COSTS } from './default-policy';
import { RULE_KINDS, RuleKind, ScopeMachine } from './policy.types';
import { evaluatePolicy, evaluateRule } from './rules.util';

/**
 * Leakage wall: a machine the version was trained on (verdict `training`) is deployed with its scope
 * but counts in no rule — numerator or denominator. Every rule kind is checked, so a new kind that
 * forgets the wall fails here: training machines with figures that would move every rule (perfect or
 * disastrous) must leave each value and outcome exactly as without them.
 */
function machine(i: number, over: Partial<ScopeMachine> = {}): ScopeMachine {
  return {
    assetId: `A${String(i).padStart(3, '0')}`,
    machineModel: i % 2 ? 'P200' : 'K10',
    ageBand: i % 3 ? '0-5y' : '5-10y',
    site: 'PLT1',
    evaluated: true,
    verdict: i % 4 ? 'generalizes' : 'borderline',
    usableFraction: 0.8 + (i % 5) * 0.03,
    medianPsi: 0.05 * (i % 7),
    alarmRateRatio: 1 + (i % 3) * 0.5,
    failures: 1,
    detected: i % 5 ? 1 : 0,
    value: { failures: 1, leadTimesHours: i % 5 ? [30] : [], falseAlarms: i % 3, machineHours: 2000 },
    ...over,
  };
}

const scope = Array.from({ length: 24 }, (_, i) => machine(i + 1));

/** Training machines that would carry every rule (a pilot on its own data) … */
const flattering = Array.from({ length: 6 }, (_, i) =>
  machine(100 + i, {
    verdict: 'training',
    machineModel: 'X5',
    usableFraction: 1,
    medianPsi: 0,
    alarmRateRatio: 0.1,
    failures: 20,
    detected: 20,
    value: { failures: 20, leadTimesHours: Array(20).fill(72), falseAlarms: 0, machineHours: 2000 },
  }),
);
/** … and ones that would sink every rule. */
const damning = flattering.map((m) => ({
  ...m,
  evaluated: true,
  usableFraction: 0,
  medianPsi: 5,
  alarmRateRatio: 50,
  detected: 0,
  value: { failures: 20, leadTimesHours: [], falseAlarms: 500, machineHours: 2000 },
}));

const thresholds: Record<RuleKind, number> = {
  'evaluated-share': 0.9,
  'generalizes-share': 0.7,
  'max-borderline-share': 0.2,
  'median-usable-fraction': 0.8,
  'psi-share': 0.8,
  recall: 0.7,
  'recall-lower-bound': 0.5,
  'worst-segment-alarm-ratio': 3,
  'min-labelled-failures': 10,
  'min-machines-per-segment': 3,
  shadow: 0.9,
  value: 0,
} as Record<RuleKind, number>;

describe('training machines and the gate', () => {
  it.each(RULE_KINDS.map((kind) => [kind]))('%s counts no training machine, in numerator or denominator', (kind) => {
    const rule = { id: kind, kind, threshold: thresholds[kind] ?? 0.5, minFailures: 5 };
    const shadow = { days: 10, machinesCompared: scope.length, windows: 1000, agreement: 0.95 };
    const alone = evaluateRule(rule, scope, shadow, DEFAULT_VALUE_COSTS);
    for (const training of [flattering, damning]) {
      const withTraining = evaluateRule(rule, [...scope, ...training], shadow, DEFAULT_VALUE_COSTS);
      expect({ value: withTraining.value, outcome: withTraining.outcome }).toEqual({ value: alone.value, outcome: alone.outcome });
      expect(withTraining.detail).toBe(`${alone.detail} (6 training machine(s) of the version not counted)`);
    }
  });

  it('judges a scope of training machines alone as no evidence at all', () => {
    const judged = evaluatePolicy({ rules: [{ id: 'g', kind: 'generalizes-share', threshold: 0.9 }], maxEvidenceAgeHours: 24 }, flattering);
    expect(judged.results[0]).toMatchObject({ outcome: 'insufficient-evidence', value: null });
    expect(judged.outcome).toBe('fail');
  });
});
