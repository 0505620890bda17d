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
  baseline: null,
  threshold: 0.5,
  thresholdMode: 'version',
  suspendedAt: null,
  suspendedReason: null,
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

  it('reports a machine whose production versions are all suspended as suspended with the reason, not as covered', () => {
    const reason = 'baseline reset to 2026-03-01T00:00:00.000Z–2026-03-15T00:00:00.000Z (v1) by rel: re-evaluate before it serves again';
    const held = { ...a(1, 'pump', 2), suspendedAt: Date.parse('2026-04-01T00:00:00Z'), suspendedReason: reason };
    const c = buildCoverage(machines, [held, { ...a(2, 'pump', 2), suspendedAt: 1, suspendedReason: reason }, a(2, 'motor', 1), a(3, 'pump', 1)]);
    expect(c.machines.map((x) => [x.assetId, x.status, x.covered, x.suspendedReason])).toEqual([
      ['A1', 'suspended', false, reason],
      // another model still serves A2: covered, and the suspension of its pump version is still named
      ['A2', 'covered', true, reason],
      ['A3', 'covered', true, null],
      ['A4', 'not-covered', false, null],
    ]);
    expect(c.machines[0].production).toEqual([expect.objectContaining({ model: 'pump', suspendedAt: '2026-04-01T00:00:00.000Z', suspendedReason: reason })]);
    expect(c.totals).toEqual({ machines: 4, covered: 2, notCovered: 2 });
    expect(c.suspended).toEqual({ machines: 1, assetIds: ['A1'] });
    expect(c.counts.site[0]).toEqual({ value: 'PLT1', machines: 2, covered: 1, notCovered: 1, byModel: { motor: 1, pump: 0 } });
  });
});
