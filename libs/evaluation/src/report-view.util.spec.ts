import { canonicalJson, jsonSafe, sha256Hex } from '@fleetgate/common';
import { testAssessment as assessment } from './assessment.fixture';
import { buildFleetReport, MachineOutcome } from './fleet-report.util';
import { siteReportView } from './report-view.util';
import { Verdict } from './verdict.util';

function outcome(assetId: string, site: string, verdict: Verdict | 'failed'): MachineOutcome {
  const base = { machineId: `id-${assetId}`, assetId, site, line: null, machineModel: 'P-100', ageYears: 3, attributes: { zone: site } };
  return verdict === 'failed'
    ? { ...base, status: 'failed', error: `read failed on ${assetId}` }
    : { ...base, status: 'done', assessment: assessment(verdict) };
}

// PLT1: 2 validated, 1 degraded, 1 failed; PLT2: 3 validated, 1 out-of-domain.
const OUTCOMES = [
  outcome('A1', 'PLT1', 'generalizes'),
  outcome('A2', 'PLT1', 'generalizes'),
  outcome('A3', 'PLT1', 'degraded'),
  outcome('A4', 'PLT1', 'failed'),
  outcome('B1', 'PLT2', 'generalizes'),
  outcome('B2', 'PLT2', 'generalizes'),
  outcome('B3', 'PLT2', 'generalizes'),
  outcome('B4', 'PLT2', 'out-of-domain'),
];
const TEXT = canonicalJson(jsonSafe({ runId: 'r1', model: { name: 'pump', version: 1 }, ...buildFleetReport(OUTCOMES) }));
const HASH = sha256Hex(TEXT);
const PLT1 = { sites: ['PLT1'], machineIds: new Set(['id-A1', 'id-A2', 'id-A3', 'id-A4']), assetIds: new Set(['A1', 'A2', 'A3', 'A4']) };

describe('siteReportView', () => {
  const view = siteReportView(TEXT, HASH, PLT1);

  it("keeps only the reader's machines and says how many were withheld", () => {
    expect(view.validatedScope.assetIds).toEqual(['A1', 'A2']);
    expect(view.validatedScope.machineIds).toEqual(['id-A1', 'id-A2']);
    expect(view.validatedScope.excluded.map((e) => e.assetId)).toEqual(['A3', 'A4']);
    expect(view.failedMachines).toEqual([{ assetId: 'A4', error: 'read failed on A4' }]);
    expect(view.withheld.machines).toBe(4);
    expect(JSON.stringify(view)).not.toMatch(/"B\d"|PLT2/);
  });

  it('recomputes the counts over those machines', () => {
    expect(view.counts).toEqual({
      machines: 4,
      evaluated: 3,
      failed: 1,
      verdicts: { generalizes: 2, degraded: 1, borderline: 0, 'out-of-domain': 0, 'insufficient-data': 0, training: 0 },
    });
    expect(view.status).toBe('partial');
  });

  it("counts the reader's borderline machines as borderline, kept with what would settle them", () => {
    const withBorderline = [...OUTCOMES, outcome('A5', 'PLT1', 'borderline')];
    const text = canonicalJson(jsonSafe(buildFleetReport(withBorderline)));
    const mine = { ...PLT1, machineIds: new Set([...PLT1.machineIds, 'id-A5']), assetIds: new Set([...PLT1.assetIds, 'A5']) };
    const v = siteReportView(text, sha256Hex(text), mine);
    expect(v.counts.verdicts).toMatchObject({ generalizes: 2, borderline: 1, 'out-of-domain': 0 });
    expect(v.validatedScope.excluded.find((e) => e.assetId === 'A5')).toEqual({ assetId: 'A5', verdict: 'borderline', reasons: ['because borderline'] });
  });

  it('withholds the fleet-wide segment tables instead of showing another site’s figures', () => {
    const full = JSON.parse(TEXT) as { segments: unknown[] };
    expect(full.segments.length).toBeGreaterThan(0);
    expect(view.segments).toEqual([]);
    expect(view.validatedScope.segments).toEqual([]);
    expect(view.withheld.segments).toBe(full.segments.length);
  });

  it('names the hash as that of the full report it was derived from, not of the view', () => {
    expect(view.view).toEqual({ kind: 'site-filtered', sites: ['PLT1'], derivedFromReportHash: HASH });
    expect(sha256Hex(canonicalJson(view))).not.toBe(HASH);
    expect(view).not.toHaveProperty('reportHash');
  });

  it('keeps the run, model and window fields as they were', () => {
    expect(view).toMatchObject({ runId: 'r1', model: { name: 'pump', version: 1 } });
  });

  it('gives an empty view to a reader with none of the machines', () => {
    const none = siteReportView(TEXT, HASH, { sites: ['PLT9'], machineIds: new Set(), assetIds: new Set() });
    expect(none.counts.machines).toBe(0);
    expect(none.status).toBe('completed');
    expect(none.withheld.machines).toBe(8);
  });

  it("limits a normalised run's baseline and threshold lists to the reader's machines, and withholds the fleet-wide counts", () => {
    const normalization = {
      method: 'per-machine-baseline',
      baselines: { valid: 6, refused: ['A3', 'B4'] },
      thresholds: { applied: ['A1', 'B1', 'B2'], keptVersion: 3 },
    };
    const text = canonicalJson(jsonSafe({ ...JSON.parse(TEXT), normalization }));
    const v = siteReportView(text, sha256Hex(text), PLT1) as unknown as { normalization: unknown };
    expect(v.normalization).toEqual({ method: 'per-machine-baseline', baselines: { refused: ['A3'] }, thresholds: { applied: ['A1'] } });
    expect(JSON.stringify(v)).not.toMatch(/"B\d"|PLT2/);
    expect(siteReportView(TEXT, HASH, PLT1)).not.toHaveProperty('normalization');
  });
});
