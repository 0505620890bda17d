import { BORDERLINE_RULE, DEFAULT_POLICY, DEFAULT_VALUE_COSTS, VALUE_RULE } from './default-policy';
import { ScopeMachine } from './policy.types';
import { evaluatePolicy, evaluateRule } from './rules.util';

function m(i: number, over: Partial<ScopeMachine> = {}): ScopeMachine {
  return {
    assetId: `A${i}`,
    machineModel: i % 2 ? 'P200' : 'K10',
    ageBand: '0-5y',
    site: 'PLT1',
    evaluated: true,
    verdict: 'generalizes',
    usableFraction: 0.95,
    medianPsi: 0.05,
    alarmRateRatio: 1,
    failures: 1,
    detected: 1,
    ...over,
  };
}

describe('evaluateRule', () => {
  it('gives value, threshold and outcome for a share rule', () => {
    const scope = [m(1), m(2), m(3, { evaluated: false, verdict: null })];
    expect(evaluateRule({ id: 'e', kind: 'evaluated-share', threshold: 0.9 }, scope)).toMatchObject({
      value: 2 / 3,
      threshold: 0.9,
      comparison: '>=',
      outcome: 'fail',
    });
  });

  it('says insufficient-evidence with too few labelled failures, not pass or fail', () => {
    const scope = [m(1, { failures: 1, detected: 1 }), m(2, { failures: 1, detected: 1 })];
    expect(evaluateRule({ id: 'r', kind: 'recall', threshold: 0.7, minFailures: 5 }, scope).outcome).toBe('insufficient-evidence');
  });

  it('uses the lower Wilson bound for recall-lower-bound', () => {
    const scope = Array.from({ length: 10 }, (_, i) => m(i, { failures: 1, detected: i < 8 ? 1 : 0 }));
    const r = evaluateRule({ id: 'r', kind: 'recall-lower-bound', threshold: 0.5, minFailures: 5 }, scope);
    // Wilson 95 % lower bound of 8/10 = 0.4902 (score interval formula, z = 1.96)
    expect(r.value).toBeCloseTo(0.4902, 3);
    expect(r.outcome).toBe('fail');
  });

  it('finds the worst segment by median alarm-rate ratio', () => {
    const scope = [m(1, { alarmRateRatio: 1 }), m(3, { alarmRateRatio: 1.5 }), m(2, { alarmRateRatio: 4 }), m(4, { alarmRateRatio: 5 })];
    const r = evaluateRule({ id: 'a', kind: 'worst-segment-alarm-ratio', threshold: 3, dimension: 'machineModel' }, scope);
    expect(r).toMatchObject({ value: 4.5, comparison: '<=', outcome: 'fail' });
    expect(r.detail).toContain('K10');
  });

  it('counts an infinite PSI as over the limit, not as a missing figure', () => {
    const scope = [m(1, { medianPsi: 0.1 }), m(2, { medianPsi: Infinity }), m(3, { medianPsi: null })];
    expect(evaluateRule({ id: 'p', kind: 'psi-share', threshold: 0.9 }, scope)).toMatchObject({
      value: 0.5,
      outcome: 'fail',
      detail: '1 of 2 machines with median feature PSI ≤ 0.25',
    });
  });

  it('names the smallest segment', () => {
    const scope = [m(1), m(3), m(5), m(2)];
    expect(evaluateRule({ id: 's', kind: 'min-machines-per-segment', threshold: 3 }, scope)).toMatchObject({ value: 1, outcome: 'fail' });
  });
});

describe('borderline machines in the gate', () => {
  // 10 evaluated: 7 generalize, 2 borderline, 1 out of domain; one more not evaluated.
  const scope = [
    ...Array.from({ length: 7 }, (_, i) => m(i)),
    m(7, { verdict: 'borderline' }),
    m(8, { verdict: 'borderline' }),
    m(9, { verdict: 'out-of-domain' }),
    m(10, { evaluated: false, verdict: null }),
  ];

  it('generalizes-share counts them as not (yet) generalizing, so undecided machines cannot carry a promotion', () => {
    expect(evaluateRule({ id: 'g', kind: 'generalizes-share', threshold: 0.85 }, scope)).toMatchObject({
      value: 7 / 10,
      outcome: 'fail',
      detail: '7 of 10 evaluated scope machines generalize (2 borderline, not yet shown to)',
    });
    const allBorderline = [m(1, { verdict: 'borderline' }), m(2, { verdict: 'borderline' })];
    expect(evaluateRule({ id: 'g', kind: 'generalizes-share', threshold: 0.9 }, allBorderline)).toMatchObject({ value: 0, outcome: 'fail' });
  });

  it('max-borderline-share is their share of the evaluated scope machines, at most the threshold', () => {
    expect(evaluateRule(BORDERLINE_RULE, scope)).toMatchObject({
      value: 0.2,
      threshold: 0.1,
      comparison: '<=',
      outcome: 'fail',
      detail: '2 of 10 evaluated scope machines borderline',
    });
    const oneOfTen = [...scope.filter((x) => x.assetId !== 'A8'), m(11)];
    expect(evaluateRule(BORDERLINE_RULE, oneOfTen)).toMatchObject({ value: 0.1, outcome: 'pass' }); // at the threshold
    expect(evaluateRule(BORDERLINE_RULE, [m(1, { evaluated: false, verdict: null })]).outcome).toBe('insufficient-evidence');
  });
});

describe('the default policy', () => {
  const good = Array.from({ length: 40 }, (_, i) => m(i));
  it('passes a scope where every machine generalizes with labelled recall', () => {
    expect(evaluatePolicy(DEFAULT_POLICY, good)).toMatchObject({ outcome: 'pass', blocking: [] });
  });

  it('fails a fleet where half the machines are out of the envelope, naming the rule', () => {
    const fleet = good.map((x, i) => (i % 2 ? { ...x, verdict: 'out-of-domain' } : x));
    const r = evaluatePolicy(DEFAULT_POLICY, fleet);
    expect(r.outcome).toBe('fail');
    expect(r.blocking).toEqual(['in-envelope']);
  });
});

describe('the value rule and advisory rules', () => {
  // Ten machines, each 1,000 h, one failure caught 30 h ahead and 2 false alarms:
  // 1000 × (40,000 − 1,000) / 1,000 h = 39,000 per 1,000 machine-hours on every machine.
  const worth = (i: number, over: Partial<ScopeMachine> = {}) =>
    m(i, { value: { machineHours: 1000, failures: 1, leadTimesHours: [30], falseAlarms: 2 }, ...over });

  it('passes on a positive lower bound, saying the net value, its interval, the counts and the costs', () => {
    const r = evaluateRule(
      VALUE_RULE,
      Array.from({ length: 10 }, (_, i) => worth(i)),
      undefined,
      DEFAULT_VALUE_COSTS,
    );
    expect(r).toMatchObject({ id: 'value', kind: 'value', value: 39_000, threshold: 0, comparison: '>', outcome: 'pass', advisory: true });
    expect(r.detail).toBe(
      'net value 39,000 per 1,000 machine-hours (95 % bootstrap over 10 machines 39,000 to 39,000); 10 of 10 labelled failures detected ≥ 24 h ahead, ' +
        '20 false alarms over 10,000 machine-hours; costs: unplanned 50,000, planned 10,000, false alarm 500',
    );
  });

  it('fails when alarms cost more than they save, and a lower bound of exactly 0 does not pass', () => {
    const late = Array.from({ length: 10 }, (_, i) => worth(i, { value: { machineHours: 1000, failures: 1, leadTimesHours: [2], falseAlarms: 3 } }));
    expect(evaluateRule(VALUE_RULE, late, undefined, DEFAULT_VALUE_COSTS)).toMatchObject({ value: -1500, outcome: 'fail' });
    const even = Array.from({ length: 10 }, (_, i) => worth(i, { value: { machineHours: 1000, failures: 1, leadTimesHours: [], falseAlarms: 0 } }));
    expect(evaluateRule(VALUE_RULE, even, undefined, DEFAULT_VALUE_COSTS)).toMatchObject({ value: 0, outcome: 'fail' });
  });

  it('is insufficient evidence with too few failures, without costs, or on results stored before value counts', () => {
    const few = evaluateRule(VALUE_RULE, [worth(1), worth(2)], undefined, DEFAULT_VALUE_COSTS);
    expect(few).toMatchObject({ outcome: 'insufficient-evidence', value: 39_000 });
    expect(few.detail).toMatch(/^2 labelled failures in scope \(need 5\); net value 39,000/);
    expect(evaluateRule(VALUE_RULE, [worth(1)])).toMatchObject({ outcome: 'insufficient-evidence', detail: 'the policy sets no value costs' });
    const old = Array.from({ length: 10 }, (_, i) => m(i));
    expect(evaluateRule(VALUE_RULE, old, undefined, DEFAULT_VALUE_COSTS)).toMatchObject({
      outcome: 'insufficient-evidence',
      value: null,
      detail: '10 of 10 evaluated machines have no value counts (evaluated before they were recorded): re-evaluate',
    });
  });

  it('reports an advisory rule that fails but never blocks with it; the same rule blocking does', () => {
    const scope = Array.from({ length: 10 }, (_, i) => worth(i, { value: { machineHours: 1000, failures: 1, leadTimesHours: [2], falseAlarms: 3 } }));
    const advisory = evaluatePolicy({ ...DEFAULT_POLICY, rules: [...DEFAULT_POLICY.rules, VALUE_RULE], value: DEFAULT_VALUE_COSTS }, scope);
    expect(advisory.results.find((r) => r.id === 'value')).toMatchObject({ outcome: 'fail', advisory: true });
    expect(advisory).toMatchObject({ outcome: 'pass', blocking: [] });
    const blocking = evaluatePolicy(
      { ...DEFAULT_POLICY, rules: [...DEFAULT_POLICY.rules, { ...VALUE_RULE, mode: 'blocking' }], value: DEFAULT_VALUE_COSTS },
      scope,
    );
    expect(blocking.results.find((r) => r.id === 'value')!.advisory).toBeUndefined();
    expect(blocking).toMatchObject({ outcome: 'fail', blocking: ['value'] });
    // Any kind can be advisory.
    const quiet = evaluatePolicy({ ...DEFAULT_POLICY, rules: [{ id: 'e', kind: 'evaluated-share', threshold: 1, mode: 'advisory' }] }, [
      m(1),
      m(2, { evaluated: false }),
    ]);
    expect(quiet).toMatchObject({ outcome: 'pass', blocking: [], results: [{ id: 'e', outcome: 'fail', advisory: true }] });
  });
});
