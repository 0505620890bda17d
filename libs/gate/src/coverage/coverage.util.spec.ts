import { buildCoverage, CoverageMachine, ProductionAssignment } from './coverage.util';

const m = (i: number, site: string, line: string | null, model: string, band: string): CoverageMachine => ({
  machineId: `id${i}`,
  assetId: `A${i}`,
  site,
  line,
  machineModel: model,
  ageBand: band,
});
const a = (i: number, model: string, version: number): ProductionAssignment => ({
  machineId: `id${i}`,
  model,
  version,
  modelVersionId: `${model}-${version}`,
  promotionId: 'p',
  evidenceRunId: 'r',
  owner: 'rel',
  since: 0,
});

describe('buildCoverage', () => {
  const machines = [
    m(1, 'PLT1', 'L1', 'P200', '0-5y'),
    m(2, 'PLT1', 'L2', 'P200', '5-10y'),
    m(3, 'PLT2', 'L1', 'K10', '0-5y'),
    m(4, 'PLT2', null, 'K10', '0-5y'),
  ];

  it('maps each machine to its production version per model, or not covered', () => {
    const c = buildCoverage(machines, [a(1, 'pump', 2), a(1, 'motor', 1), a(3, 'pump', 1)]);
    expect(c.models).toEqual(['motor', 'pump']);
    expect(c.machines.map((x) => [x.assetId, x.covered, x.production.map((p) => `${p.model}@${p.version}`), x.notCoveredBy])).toEqual([
      ['A1', true, ['motor@1', 'pump@2'], []],
      ['A2', false, [], ['motor', 'pump']],
      ['A3', true, ['pump@1'], ['motor']],
      ['A4', false, [], ['motor', 'pump']],
    ]);
    expect(c.totals).toEqual({ machines: 4, covered: 2, notCovered: 2 });
  });

  it('counts per site, site/line and segment; same-named lines of two sites stay apart', () => {
    const c = buildCoverage(machines, [a(1, 'pump', 2), a(3, 'pump', 1)]);
    expect(c.counts.site).toEqual([
      { value: 'PLT1', machines: 2, covered: 1, notCovered: 1, byModel: { pump: 1 } },
      { value: 'PLT2', machines: 2, covered: 1, notCovered: 1, byModel: { pump: 1 } },
    ]);
    expect(c.counts.line.map((x) => x.value)).toEqual(['PLT1/L1', 'PLT1/L2', 'PLT2/-', 'PLT2/L1']);
    expect(c.counts.ageBand).toEqual([
      { value: '0-5y', machines: 3, covered: 2, notCovered: 1, byModel: { pump: 2 } },
      { value: '5-10y', machines: 1, covered: 0, notCovered: 1, byModel: { pump: 0 } },
    ]);
  });

  it('ignores assignments of machines outside the view (another site)', () => {
    const c = buildCoverage(machines.slice(0, 2), [a(3, 'pump', 1)]);
    expect(c.models).toEqual([]);
    expect(c.totals).toEqual({ machines: 2, covered: 0, notCovered: 2 });
  });
});
