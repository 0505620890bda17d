import { testAssessment as assessment } from './assessment.fixture';
import { ageBand, buildFleetReport, MachineOutcome } from './fleet-report.util';
import { Verdict } from './verdict.util';

function machine(i: number, model: string, age: number, verdict: Verdict | 'failed', perf?: { failures: number; detected: number }): MachineOutcome {
  const base = {
    machineId: `m${i}`,
    assetId: `A-${String(i).padStart(3, '0')}`,
    site: i % 2 ? 'PLT1' : 'PLT2',
    line: null,
    machineModel: model,
    ageYears: age,
    attributes: {},
  };
  return verdict === 'failed'
    ? { ...base, status: 'failed', error: 'telemetry read failed' }
    : { ...base, status: 'done', assessment: assessment(verdict, perf) };
}

describe('ageBand', () => {
  it('puts ages into half-open bands', () => {
    expect(ageBand(0, [5, 10])).toBe('0-5y');
    expect(ageBand(5, [5, 10])).toBe('5-10y');
    expect(ageBand(12.5, [5, 10])).toBe('10y+');
  });
});

describe('buildFleetReport', () => {
  // 30 P200 machines that generalize, 30 K10 machines out of domain, one failed machine.
  const outcomes = [
    ...Array.from({ length: 30 }, (_, i) => machine(i, 'P200', i % 20, 'generalizes', { failures: 2, detected: 2 })),
    ...Array.from({ length: 30 }, (_, i) => machine(100 + i, 'K10', i % 20, 'out-of-domain', { failures: 2, detected: 1 })),
    machine(999, 'K10', 3, 'failed'),
  ];
  const report = buildFleetReport(outcomes);

  it('is partial when a machine failed, naming it and why', () => {
    expect(report.status).toBe('partial');
    expect(report.failedMachines).toEqual([{ assetId: 'A-999', error: 'telemetry read failed' }]);
    expect(report.counts).toMatchObject({ machines: 61, evaluated: 60, failed: 1, verdicts: { generalizes: 30, 'out-of-domain': 30 } });
  });

  it('validates exactly the machines that generalize and says why each other is out', () => {
    expect(report.validatedScope.assetIds).toHaveLength(30);
    expect(report.validatedScope.assetIds.every((a) => Number(a.slice(2)) < 100)).toBe(true);
    expect(report.validatedScope.excluded).toHaveLength(31);
    expect(report.validatedScope.excluded.find((e) => e.assetId === 'A-100')).toEqual({
      assetId: 'A-100',
      verdict: 'out-of-domain',
      reasons: ['because out-of-domain'],
    });
  });

  it('gives segment shares with Wilson intervals and flags the bad segment after BH', () => {
    const k10 = report.segments.find((s) => s.dimension === 'machineModel' && s.value === 'K10')!;
    const p200 = report.segments.find((s) => s.dimension === 'machineModel' && s.value === 'P200')!;
    expect(k10.flagged).toBe(true);
    expect(p200.flagged).toBe(false);
    expect(p200.segmentValidated).toBe(true);
    // Wilson 95 % for 30/30: [0.8865, 1] (Wilson score formula: (1 + z²/2n − z·sqrt(z²/4n²)) / (1 + z²/n), z = 1.96, n = 30)
    expect(p200.validatedShare.low).toBeCloseTo(0.8865, 3);
    expect(k10.recall).toMatchObject({ detected: 30, failures: 60, estimate: 0.5 });
    // Mixed segments (sites) are not flagged: both sides hold both models equally.
    expect(report.segments.filter((s) => s.dimension === 'site').every((s) => !s.flagged)).toBe(true);
  });

  it('does not depend on the order outcomes arrive in', () => {
    expect(buildFleetReport([...outcomes].reverse())).toEqual(report);
  });

  it('is failed when no machine could be evaluated', () => {
    expect(buildFleetReport([machine(1, 'P200', 1, 'failed')]).status).toBe('failed');
  });
});

describe('buildFleetReport with borderline machines', () => {
  // 8 P200: 6 generalize, 2 borderline; 2 K10 out of domain.
  const outcomes = [
    ...Array.from({ length: 6 }, (_, i) => machine(i, 'P200', 3, 'generalizes')),
    machine(6, 'P200', 3, 'borderline'),
    machine(7, 'P200', 3, 'borderline'),
    machine(8, 'K10', 3, 'out-of-domain'),
    machine(9, 'K10', 3, 'out-of-domain'),
  ];
  const report = buildFleetReport(outcomes);

  it('counts them as borderline: neither in the validated scope nor out of domain', () => {
    expect(report.counts.verdicts).toEqual({ generalizes: 6, degraded: 0, borderline: 2, 'out-of-domain': 2, 'insufficient-data': 0, training: 0 });
    expect(report.validatedScope.assetIds).not.toContain('A-006');
    expect(report.validatedScope.assetIds).toHaveLength(6);
  });

  it('lists them with their reasons (what would settle them) among the machines left out', () => {
    expect(report.validatedScope.excluded.filter((e) => e.verdict === 'borderline')).toEqual([
      { assetId: 'A-006', verdict: 'borderline', reasons: ['because borderline'] },
      { assetId: 'A-007', verdict: 'borderline', reasons: ['because borderline'] },
    ]);
  });

  it("does not count them as validated in their segment's share", () => {
    const p200 = report.segments.find((s) => s.dimension === 'machineModel' && s.value === 'P200')!;
    expect(p200).toMatchObject({ machines: 8, evaluated: 8, validated: 6 });
    expect(p200.verdicts.borderline).toBe(2);
    expect(p200.validatedShare.estimate).toBeCloseTo(6 / 8, 12);
  });
});

describe('buildFleetReport with training machines', () => {
  // 10 P200: 6 generalize, 2 out of domain, and 2 the version was trained on (perfect in-sample recall).
  const outcomes = [
    ...Array.from({ length: 6 }, (_, i) => machine(i, 'P200', 3, 'generalizes', { failures: 2, detected: 1 })),
    machine(6, 'P200', 3, 'out-of-domain'),
    machine(7, 'P200', 3, 'out-of-domain'),
    machine(8, 'P200', 3, 'training', { failures: 10, detected: 10 }),
    machine(9, 'P200', 3, 'training', { failures: 10, detected: 10 }),
  ];
  const report = buildFleetReport(outcomes);
  const p200 = report.segments.find((s) => s.dimension === 'machineModel' && s.value === 'P200')!;

  it('lists them as training, with their reasons, outside the validated scope', () => {
    expect(report.counts).toMatchObject({ machines: 10, evaluated: 10, verdicts: { generalizes: 6, 'out-of-domain': 2, training: 2 } });
    expect(report.validatedScope.assetIds).toHaveLength(6);
    expect(report.validatedScope.excluded.filter((e) => e.verdict === 'training').map((e) => e.assetId)).toEqual(['A-008', 'A-009']);
  });

  it('keeps them out of every segment figure: share, recall, drift and alarm medians (their figures are in-sample)', () => {
    expect(p200).toMatchObject({ machines: 10, evaluated: 8, validated: 6 });
    expect(p200.verdicts.training).toBe(2);
    expect(p200.validatedShare.estimate).toBeCloseTo(6 / 8, 12);
    // Only the 6 held-out machines with failures: 6 of 12, not 26 of 32.
    expect(p200.recall).toMatchObject({ detected: 6, failures: 12 });
  });

  it('gives the same segments as a report without them', () => {
    const without = buildFleetReport(outcomes.filter((o) => o.assessment?.verdict !== 'training'));
    const strip = (s: (typeof report.segments)[number]) => ({ ...s, machines: 0, verdicts: { ...s.verdicts, training: 0 } });
    expect(report.segments.map(strip)).toEqual(without.segments.map(strip));
  });
});
