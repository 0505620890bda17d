import { decodeAssessment, MachineAssessment, Verdict } from '@fleetgate/evaluation';
import { DEFAULT_POLICY } from '../default-policy';
import { evaluatePolicy } from '../rules.util';
import { MachineResultSource, toScopeMachines } from './scope-machines.util';

const machine = (i: number) => ({ machineId: `m${i}`, assetId: `A${String(i).padStart(2, '0')}`, site: 'PLT1', machineModel: 'P200', ageBand: '0-5y' });

function stored(verdict: Verdict, over: Record<string, unknown> = {}): MachineResultSource {
  // The shape the worker stores (NaN → null, Infinity → "Infinity"), read back through the evaluation's decoder.
  const assessment = {
    verdict,
    coverage: { usableFraction: 0.9 },
    drift: { medianPsi: 0.04 },
    output: { alarmRateRatio: 1.2 },
    performance: { failures: 2, detected: 1 },
    ...over,
  };
  return { status: 'done', verdict, assessment: decodeAssessment(JSON.stringify(assessment)) as MachineAssessment };
}

describe('toScopeMachines', () => {
  it('reads the gate figures from a stored assessment', () => {
    const [m] = toScopeMachines([machine(1)], new Map([['m1', stored('generalizes')]]));
    expect(m).toEqual({
      assetId: 'A01',
      machineModel: 'P200',
      ageBand: '0-5y',
      site: 'PLT1',
      evaluated: true,
      verdict: 'generalizes',
      usableFraction: 0.9,
      medianPsi: 0.04,
      alarmRateRatio: 1.2,
      failures: 2,
      detected: 1,
      // Stored before value counts existed: no value evidence.
      value: null,
    });
  });

  it('reads the value counts of a stored assessment', () => {
    const value = { machineHours: 2000, failures: 2, leadTimesHours: [30, 10], falseAlarms: 1 };
    const [m] = toScopeMachines([machine(1)], new Map([['m1', stored('generalizes', { value })]]));
    expect(m.value).toEqual(value);
  });

  it('reads a stored NaN as no figure and "Infinity" as Infinity', () => {
    const [m] = toScopeMachines(
      [machine(1)],
      new Map([['m1', stored('degraded', { drift: { medianPsi: 'Infinity' }, output: { alarmRateRatio: null }, performance: null })]]),
    );
    expect(m).toMatchObject({ medianPsi: Infinity, alarmRateRatio: null, failures: 0, detected: 0 });
  });

  it('counts scope machines without a result, or with a failed one, as not evaluated', () => {
    const results = new Map<string, MachineResultSource>([
      ['m1', stored('generalizes')],
      ['m2', { status: 'failed', verdict: null, assessment: null }],
    ]);
    const scope = toScopeMachines([machine(3), machine(2), machine(1)], results);
    expect(scope.map((m) => [m.assetId, m.evaluated])).toEqual([
      ['A01', true],
      ['A02', false],
      ['A03', false],
    ]);
  });

  it('lets the evaluated-share rule see machines outside the run: 1 of 3 evaluated fails the default policy', () => {
    const scope = toScopeMachines([machine(1), machine(2), machine(3)], new Map([['m1', stored('generalizes')]]));
    const result = evaluatePolicy(DEFAULT_POLICY, scope).results.find((r) => r.id === 'evaluated')!;
    expect(result).toMatchObject({ value: 1 / 3, outcome: 'fail' });
  });
});
