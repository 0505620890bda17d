import { AdviceMachine, rankByValue, rankRemedies, recommend, remedyFigures, segmentFigures } from './advice-summary.util';

const machine = (assetId: string, verdict: string | null, over: Partial<AdviceMachine> = {}): AdviceMachine => ({
  assetId,
  machineModel: 'P100',
  ageBand: '0-5y',
  site: 'S1',
  verdict,
  failures: 0,
  detected: 0,
  healthyWindows: 100,
  healthyAlarms: 2,
  value: null,
  ...over,
});

describe('remedy figures over the left-out machines', () => {
  const leftOut = ['A', 'B', 'C', 'D', 'E'];
  const results = [
    machine('A', 'generalizes', { failures: 2, detected: 2, healthyWindows: 400, healthyAlarms: 8 }),
    machine('B', 'generalizes', { failures: 1, detected: 0, healthyWindows: 600, healthyAlarms: 12 }),
    machine('C', 'out-of-domain', { failures: 5, detected: 5 }),
    machine('D', 'training', { failures: 1, detected: 1 }),
    machine('E', null),
    // In scope before: not the advice's business.
    machine('P', 'generalizes', { failures: 10, detected: 10 }),
  ];

  it('counts only left-out machines it brings into scope, never its training machines', () => {
    const f = remedyFigures(leftOut, results, null, 'k');
    expect(f.broughtIntoScope).toEqual(['A', 'B']);
    expect(f.training).toEqual(['D']);
    // C was judged (out of domain), D trained on, E not evaluated.
    expect(f.evaluated).toBe(3);
    expect(f.value).toBeNull();
  });

  // Wilson 95 % intervals (z = 1.96), from the score-interval formula by hand:
  // 2 of 3 → [0.2077, 0.9385]; 20 of 1000 → [0.01299, 0.03068].
  it('pools recall and the healthy alarm rate over those machines, with Wilson intervals', () => {
    const f = remedyFigures(leftOut, results, null, 'k');
    expect(f.recall).toMatchObject({ count: 2, of: 3 });
    expect(f.recall.estimate).toBeCloseTo(2 / 3, 10);
    expect(f.recall.low).toBeCloseTo(0.2077, 4);
    expect(f.recall.high).toBeCloseTo(0.9385, 4);
    expect(f.alarmRate).toMatchObject({ count: 20, of: 1000 });
    expect(f.alarmRate.low).toBeCloseTo(0.01299, 4);
    expect(f.alarmRate.high).toBeCloseTo(0.03068, 4);
  });

  it('says nothing of recall without labelled failures', () => {
    const f = remedyFigures(['A'], [machine('A', 'generalizes')], null, 'k');
    expect(f.recall).toEqual({ count: 0, of: 0, estimate: null, low: null, high: null });
  });

  it('prices the machines it brings into scope when costs are given', () => {
    const costs = { unplannedFailureCost: 50_000, plannedRepairCost: 10_000, falseAlarmCost: 500, minLeadTimeHours: 24 };
    const valued = [
      machine('A', 'generalizes', { value: { failures: 1, leadTimesHours: [30], falseAlarms: 1, machineHours: 1000 } }),
      machine('B', 'generalizes', { value: { failures: 0, leadTimesHours: [], falseAlarms: 2, machineHours: 1000 } }),
    ];
    const f = remedyFigures(['A', 'B'], valued, costs, 'k');
    // 1000 × (40 000 − 500 − 1 000) / 2 000 h
    expect(f.value?.estimate).toBeCloseTo(19_250, 6);
  });

  it('splits the same figures by machine model, age band and site', () => {
    const left = [machine('A', 'out-of-domain'), machine('B', 'out-of-domain', { machineModel: 'P200' }), machine('C', 'degraded', { machineModel: 'P200' })];
    const tried = [machine('A', 'generalizes'), machine('B', 'generalizes', { machineModel: 'P200' }), machine('C', 'degraded', { machineModel: 'P200' })];
    const rows = segmentFigures(left, tried, null, 'k');
    const byModel = rows.filter((r) => r.dimension === 'machineModel');
    expect(byModel.map((r) => [r.segment, r.leftOut, r.broughtIntoScope.length])).toEqual([
      ['P100', 1, 1],
      ['P200', 2, 1],
    ]);
    expect(rows.filter((r) => r.dimension === 'site').map((r) => [r.segment, r.leftOut, r.broughtIntoScope.length])).toEqual([['S1', 3, 2]]);
  });
});

describe('ranking remedies', () => {
  const figures = (n: number, low: number | null = null) => ({
    evaluated: 10,
    broughtIntoScope: Array.from({ length: n }, (_, i) => `M${i}`),
    training: [],
    recall: { count: 0, of: 0, estimate: null, low: null, high: null },
    alarmRate: { count: 0, of: 0, estimate: null, low: null, high: null },
    value: low === null ? null : ({ low } as never),
  });

  it('puts more machines first, then the higher value lower bound, then the cheaper change; unevaluated last', () => {
    const ranked = rankRemedies([
      { remedy: 'per-regime' as const, cost: 'new-version' as const, figures: null },
      { remedy: 'fleet-trained' as const, cost: 'new-version' as const, figures: figures(5, 100) },
      { remedy: 'per-machine-baseline' as const, cost: 'new-version' as const, figures: figures(8, -50) },
      { remedy: 'per-machine-baseline+threshold' as const, cost: 'new-version+deployment-setting' as const, figures: figures(5, 300) },
      { remedy: 'per-machine-threshold' as const, cost: 'deployment-setting' as const, figures: figures(5, 100) },
    ]);
    expect(ranked.map((r) => r.remedy)).toEqual([
      'per-machine-baseline',
      'per-machine-baseline+threshold',
      'per-machine-threshold',
      'fleet-trained',
      'per-regime',
    ]);
  });

  it('ranks by the lower bound of net value too, and recommends the widest remedy not shown to lose money', () => {
    const ranked = [
      { remedy: 'fleet-trained' as const, cost: 'new-version' as const, figures: figures(9, -35) },
      { remedy: 'per-machine-baseline' as const, cost: 'new-version' as const, figures: figures(8, 3800) },
      { remedy: 'per-machine-baseline+threshold' as const, cost: 'new-version+deployment-setting' as const, figures: figures(5, 1400) },
      { remedy: 'per-regime' as const, cost: 'new-version' as const, figures: null },
    ];
    expect(rankByValue(ranked)).toEqual(['per-machine-baseline', 'per-machine-baseline+threshold', 'fleet-trained', 'per-regime']);
    expect(recommend(ranked)).toBe('per-machine-baseline');
    // Without costs (no value judged) coverage decides; when every helping remedy loses money, still the widest.
    expect(recommend([{ remedy: 'fleet-trained' as const, figures: figures(9) }])).toBe('fleet-trained');
    expect(
      recommend([
        { remedy: 'fleet-trained' as const, figures: figures(9, -1) },
        { remedy: 'per-regime' as const, figures: figures(2, -5) },
      ]),
    ).toBe('fleet-trained');
    expect(recommend([{ remedy: 'fleet-trained' as const, figures: figures(0, 10) }])).toBeNull();
  });
});
