import type { MachineTruth } from '../simulator.types';
import { ageBandOf, gradeMachine, gradeScope, type ResultToGrade } from './grade.util';
import { WORKS_RULE } from './works-rule';

const H = 3_600_000;
const START = Date.UTC(2026, 0, 1);
const at = (hours: number) => new Date(START + hours * H).toISOString();
const period = { fromMs: START, toMs: START + 1000 * H };

/** A machine with failures at the given hours (run-up of 48 h, repair of 12 h). */
function machine(assetId: string, failures: Array<{ failureHour: number; labelled: boolean }> = [], extra: Partial<MachineTruth> = {}): MachineTruth {
  return {
    assetId,
    machineModel: 'P200',
    site: 'PLT1',
    line: 'L1',
    ageYears: 3,
    convention: 'A',
    isPilot: false,
    inDomain: true,
    outOfDomainSignals: [],
    healthy: {} as MachineTruth['healthy'],
    domain: {} as MachineTruth['domain'],
    missingSignals: [],
    failures: failures.map((f) => ({
      component: 'bearing',
      onset: at(f.failureHour - 48),
      failure: at(f.failureHour),
      repaired: at(f.failureHour + 12),
      labelled: f.labelled,
    })),
    downtime: [],
    sensorFaults: [],
    samples: {},
    kind: 'level-spread',
    ...extra,
  } as MachineTruth;
}

/** Hourly 6 h windows ending at hours 6..1000, except during repairs; alarms at the given hours. */
function result(assetId: string, alarmHours: number[], opts: { placement?: ResultToGrade['placement']; gaps?: Array<[number, number]> } = {}): ResultToGrade {
  const scored: Array<[number, number]> = [];
  let from = 6;
  for (const [a, b] of [...(opts.gaps ?? []), [1001, 1001] as [number, number]]) {
    if (a - 1 >= from) scored.push([START + from * H, START + (a - 1) * H]);
    from = b + 1;
  }
  return {
    assetId,
    placement: opts.placement ?? 'in-scope',
    verdict: 'generalizes',
    timeline: { windowMs: 6 * H, stepMs: H, scored, alarmed: alarmHours.map((h) => [START + h * H, START + h * H]) },
    pilotAlarmRate: 0.004,
  };
}

describe('gradeMachine', () => {
  it('grades a machine `works` when it caught a failure that was never labelled', () => {
    const truth = machine('M1', [
      { failureHour: 300, labelled: true },
      { failureHour: 700, labelled: false },
    ]);
    const g = gradeMachine(
      truth,
      result('M1', [290, 680, 100], {
        gaps: [
          [301, 312],
          [701, 712],
        ],
      }),
      period,
    );
    expect(g.works).toBe(true);
    expect(g.failures).toBe(2);
    expect(g.detected).toBe(2);
    expect(g.detectedWithheld).toBe(1);
    // one false alarm (hour 100) over the healthy windows: every scored window minus those overlapping [onset, repaired)
    // scored ends: 6..300, 313..700, 713..1000 = 295 + 388 + 288 = 971. A window [end − 6 h, end) overlaps a run-up and
    // repair [onset, repaired) = [252, 312) when its end is in (252, 318): ends 253..300 and 313..317; likewise 653..700, 713..717.
    const unhealthyScored = 48 + 5 + 48 + 5;
    expect(g.healthyHours).toBe(971 - unhealthyScored);
    expect(g.falseAlarms).toBe(1);
    expect(g.falseAlarmsPer1000h).toBeCloseTo(1000 / (971 - unhealthyScored), 10);
  });

  it('does not work where it misses most planted failures, labelled or not', () => {
    const truth = machine('M2', [
      { failureHour: 300, labelled: false },
      { failureHour: 700, labelled: false },
    ]);
    const g = gradeMachine(truth, result('M2', [290]), period);
    expect(g.detected).toBe(1);
    expect(g.works).toBe(true); // 1 of 2 is the minimum recall of 0.5
    const missed = gradeMachine(truth, result('M2', []), period);
    expect(missed.works).toBe(false);
    expect(missed.reasons.join()).toMatch(/caught 0 of 2 planted failures/);
  });

  it('does not count an alarm before the run-up or after the failure as a detection', () => {
    const truth = machine('M3', [{ failureHour: 300, labelled: true }]);
    expect(gradeMachine(truth, result('M3', [251, 320]), period).detected).toBe(0);
    expect(gradeMachine(truth, result('M3', [252]), period).detected).toBe(1);
    expect(gradeMachine(truth, result('M3', [300]), period).detected).toBe(1);
  });

  it('judges false alarms against five times the pilot rate, never below 50 per 1,000 healthy hours', () => {
    const truth = machine('M4');
    // 995 healthy hourly windows; 60 alarms → 60.3 per 1,000 h, above the floor of 50 (5 × max(0.4 %, 1 %) = 5 %)
    const alarms = Array.from({ length: 60 }, (_, k) => 10 + k * 15);
    const g = gradeMachine(truth, result('M4', alarms), period);
    expect(g.limitPer1000h).toBe(WORKS_RULE.minFalseAlarmsPer1000h);
    expect(g.falseAlarmsPer1000h).toBeCloseTo((60 / 995) * 1000, 10);
    expect(g.works).toBe(false);
    expect(g.failures).toBe(0);
    // with a noisier pilot (3 % of windows) the limit is 150 per 1,000 h and the same machine works
    const lenient = gradeMachine(truth, { ...result('M4', alarms), pilotAlarmRate: 0.03 }, period);
    expect(lenient.limitPer1000h).toBeCloseTo(150, 10);
    expect(lenient.works).toBe(true);
  });

  it('counts a run-up under way at the end of the history neither as healthy nor as a failure to catch', () => {
    // run-up from hour 960, failure at hour 1010 (after the history): the 40 windows ending at hours 961..1000 overlap it
    const truth = machine('M6', [], { runUpAtEnd: { component: 'bearing', onset: at(960), failure: at(1010) } });
    const g = gradeMachine(truth, result('M6', [980, 990]), period);
    expect(g.healthyHours).toBe(995 - 40);
    expect(g.falseAlarms).toBe(0);
    expect(g.failures).toBe(0);
    expect(gradeMachine(machine('M6'), result('M6', [980, 990]), period).falseAlarms).toBe(2);
  });

  it('says a machine the model could not score does not work', () => {
    const g = gradeMachine(machine('M5'), { ...result('M5', []), timeline: null }, period);
    expect(g.works).toBe(false);
    expect(g.reasons).toEqual(['the model could not score this machine']);
  });

  it('leaves out failures outside the period and counts those with no scored run-up as unobserved', () => {
    const truth = machine('M6', [
      { failureHour: 1200, labelled: true },
      { failureHour: 500, labelled: true },
    ]);
    const g = gradeMachine(truth, result('M6', [], { gaps: [[440, 520]] }), period);
    expect(g.failures).toBe(0);
    expect(g.unobserved).toBe(1);
    expect(g.works).toBe(true);
  });
});

describe('gradeScope', () => {
  const truth = {
    machines: [
      machine('A', [{ failureHour: 300, labelled: false }]),
      machine('B'),
      machine('C', [], { machineModel: 'K10', ageYears: 12 }),
      machine('D', [], { machineModel: 'K10', ageYears: 22, site: 'PLT2' }),
      machine('E', [], { kind: 'coupling' }),
    ],
  };
  const flood = Array.from({ length: 100 }, (_, k) => 10 + k * 9);
  const results = [
    result('A', [280]), // in scope, works (caught a withheld failure)
    result('B', flood), // in scope, floods: does not work
    result('C', [], { placement: 'kept-out' }), // kept out, works
    result('D', [], { placement: 'borderline' }), // borderline, works
    result('E', flood, { placement: 'kept-out' }), // kept out, does not work
  ];

  it('gives precision, coverage and the borderline share with their counts', () => {
    const g = gradeScope(truth, results, period);
    expect(g.precision).toEqual({ value: 0.5, of: 2, count: 1 });
    expect(g.coverage).toEqual({ value: 1 / 3, of: 3, count: 1 });
    expect(g.borderline).toEqual({ value: 0.2, of: 5, count: 1 });
    expect(g.confusion).toEqual({ machines: 5, inScopeWorks: 1, inScopeFails: 1, borderlineWorks: 1, borderlineFails: 0, keptOutWorks: 1, keptOutFails: 1 });
    expect(g.worksOnWithheldFailures).toBe(1);
  });

  it('counts borderline machines neither in scope nor kept out', () => {
    const g = gradeScope(truth, results, period);
    const d = g.machinesGraded.find((m) => m.assetId === 'D')!;
    expect(d.placement).toBe('borderline');
    expect(g.confusion.inScopeWorks + g.confusion.inScopeFails).toBe(2);
    expect(g.confusion.keptOutWorks + g.confusion.keptOutFails).toBe(2);
  });

  it('splits machines with and without planted failures, and tables every segment', () => {
    const g = gradeScope(truth, results, period);
    expect(g.withFailures.machines).toBe(1);
    expect(g.withoutFailures.machines).toBe(4);
    expect(g.segments.machineModel.map((s) => [s.segment, s.machines])).toEqual([
      ['K10', 2],
      ['P200', 3],
    ]);
    expect(g.segments.ageBand.map((s) => s.segment)).toEqual(['0-5y', '10-15y', '20y+']);
    expect(g.segments.kind.find((s) => s.segment === 'coupling')).toMatchObject({ machines: 1, keptOutFails: 1 });
  });

  it('refuses a run with machines that are not in the truth file', () => {
    expect(() => gradeScope(truth, [...results, result('Z', [])], period)).toThrow(/1 machine\(s\) of the run are not in the truth file \(Z\)/);
  });

  it('bands ages as the evaluation does', () => {
    expect([0, 4.99, 5, 19.9, 20, 30].map((a) => ageBandOf(a))).toEqual(['0-5y', '0-5y', '5-10y', '15-20y', '20y+', '20y+']);
  });
});
