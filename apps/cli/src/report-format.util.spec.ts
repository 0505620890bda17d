import { machineTable, MachineResultView, ReportView, scopeSummary, segmentTable } from './report-format.util';

const verdicts = { generalizes: 6, degraded: 0, borderline: 2, 'out-of-domain': 1, 'insufficient-data': 0 };
const report: ReportView = {
  status: 'completed',
  model: { name: 'pump', version: 1 },
  window: { from: '2026-01-01', to: '2026-03-01' },
  counts: { machines: 9, evaluated: 9, failed: 0, verdicts },
  segments: [
    {
      dimension: 'machineModel',
      value: 'P200',
      machines: 9,
      evaluated: 9,
      verdicts,
      validated: 6,
      validatedShare: { estimate: 6 / 9, low: 0.35, high: 0.88 },
      recall: null,
      flagged: false,
      segmentValidated: false,
    },
  ],
  validatedScope: {
    assetIds: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'],
    segments: [],
    excluded: [
      { assetId: 'B1', verdict: 'borderline', reasons: ['flow: … straddles the bound 1: about 12 more healthy days would settle it'] },
      { assetId: 'B2', verdict: 'borderline', reasons: ['amps: … a shadow period (score it live and judge by its alarms) would settle it'] },
      { assetId: 'C1', verdict: 'out-of-domain', reasons: ['flow: healthy level 3.00 σ from the pilot’s'] },
    ],
  },
  failedMachines: [],
};

describe('report views for the terminal', () => {
  it('give borderline machines their own column in the segment table', () => {
    const [head, , row] = segmentTable(report).split('\n');
    const col = head.indexOf('border');
    expect(col).toBeGreaterThan(0);
    expect(row.slice(col, col + 6).trim()).toBe('2');
    expect(row.slice(head.indexOf('out-of-dom'), head.indexOf('out-of-dom') + 10).trim()).toBe('1');
  });

  it('list each borderline machine with what would settle it, apart from the validated scope', () => {
    const text = scopeSummary(report);
    expect(text).toContain('validated scope: 6 of 9 machines');
    expect(text).toContain('left out: 2 borderline, 1 out-of-domain');
    expect(text).toContain('  borderline B1: flow: … straddles the bound 1: about 12 more healthy days would settle it');
    expect(text).toContain('  borderline B2: amps: … a shadow period (score it live and judge by its alarms) would settle it');
    expect(text).not.toContain('borderline C1');
  });
});

describe('machineTable', () => {
  const raw: MachineResultView = {
    assetId: 'M-1',
    status: 'done',
    verdict: 'generalizes',
    error: null,
    result: { reasons: ['in'], coverage: { usableFraction: 1, healthyWindows: 10, windowsUsable: 10 } },
  };

  it('shows no baseline columns for a raw model', () => {
    expect(machineTable([raw])).not.toContain('baseline');
  });

  it("shows each machine's baseline and whose threshold applied for a normalised model", () => {
    const fromMs = Date.UTC(2026, 0, 1);
    const normalised: MachineResultView = {
      ...raw,
      assetId: 'M-2',
      result: {
        ...raw.result,
        normalization: {
          method: 'per-machine-baseline',
          baseline: { fromMs, toMs: fromMs + 14 * 86_400_000, source: 'explicit', explicitVersion: 2, valid: true },
        },
        threshold: { mode: 'per-machine', applied: true, value: 1.2 },
      },
    };
    const text = machineTable([raw, normalised]);
    expect(text.split('\n')[0]).toMatch(/baseline\s+threshold\s+reason/);
    expect(text).toContain('2026-01-01 00:00 → 2026-01-15 00:00 explicit v2');
    expect(text.split('\n')[3]).toMatch(/explicit v2\s+own\s+in$/);
    expect(text.split('\n')[2]).toMatch(/M-1 .* -\s+-\s+in$/);
  });
});

describe('scopeSummary of a normalised run', () => {
  it('says how many machines had their own baseline and their own threshold', () => {
    const text = scopeSummary({
      ...report,
      normalization: { method: 'per-machine-baseline', baselines: { valid: 7, refused: ['M-9'] }, thresholds: { applied: ['M-1', 'M-2'], keptVersion: 5 } },
    });
    expect(text).toContain('per-machine-baseline: 7 machines judged against their own baseline, 1 refused one');
    expect(text).toContain('per-machine thresholds applied to 2 of 7 scored machines');
    expect(scopeSummary(report)).not.toContain('baseline');
  });
});
