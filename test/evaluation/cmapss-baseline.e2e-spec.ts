import * as fs from 'node:fs';
import * as path from 'node:path';
import { isolatedEnv, startApi, TestApi, TestEnv } from '../setup/harness';
import { allMachineResults, call, MachineResultView, registerModel, ReportView, RunView, waitForRun } from './evaluation-api.util';
import { childEnv, cliJson, WorkerProcess } from './processes.util';

/**
 * Real run-to-failure data, NASA C-MAPSS FD001 and FD003 (100 engines each, one cycle an hour,
 * each run until it fails): one anomaly model trained on FD001 engine 1's first 50 cycles, raw and
 * against each engine's own 50-cycle baseline, evaluated over both fleets.
 */
const DATA = path.resolve(__dirname, '../../../shared/data/cmapss');
const FILES = { FD001: path.join(DATA, 'train_FD001.txt'), FD003: path.join(DATA, 'train_FD003.txt') };
// The 14 sensors that vary in FD001 (the other 7 and the settings are constant at one operating condition).
const SENSORS = [2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 15, 17, 20, 21].map((i) => `cmapss_s${i}`);
const describeWithData = fs.existsSync(FILES.FD001) && fs.existsSync(FILES.FD003) ? describe : describe.skip;
const PILOT = 'FD001-001';

jest.setTimeout(900_000);

interface Figures {
  inScope: number;
  /** The pilot is the version's training machine: verdict `training`, and what its figures would read held out. */
  pilotVerdict: string;
  pilotHeldOut: string;
  recall: number;
  failures: number;
  medianAlarmRate: number;
  pilotAlarmRate: number;
  leadHours: number[];
  /** The evaluation's sustained lead: from the start of the alarm run that lasts until the failure (0 when its last window is quiet); not capped by the horizon. */
  sustainedLeadHours: number[];
  verdicts: Record<string, number>;
}

type Result = MachineResultView & {
  result: MachineResultView['result'] & {
    output: { healthyAlarmRate: number };
    normalization?: { calibrationEndMs: number | null; baseline?: { fromMs: number; toMs: number; valid: boolean } };
    threshold?: { mode: string; applied: boolean; value: number };
    timeline?: { windowMs: number; stepMs: number; scored: Array<[number, number]>; alarmed: Array<[number, number]> };
  };
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
}

function figures(report: ReportView, results: Result[], fleet: string): Figures {
  const mine = results.filter((r) => r.assetId.startsWith(fleet));
  const scope = new Set(report.validatedScope.assetIds);
  const inScope = mine.filter((r) => scope.has(r.assetId));
  const failures = inScope.reduce((n, r) => n + (r.result?.performance?.failures ?? 0), 0);
  const detected = inScope.reduce((n, r) => n + (r.result?.performance?.detected ?? 0), 0);
  const pilot = results.find((r) => r.assetId === PILOT);
  const verdicts: Record<string, number> = {};
  for (const r of mine) verdicts[r.verdict ?? 'failed'] = (verdicts[r.verdict ?? 'failed'] ?? 0) + 1;
  return {
    inScope: inScope.length,
    pilotVerdict: pilot?.verdict ?? 'failed',
    pilotHeldOut: pilot?.result?.reasons[1] ?? '',
    recall: failures ? detected / failures : NaN,
    failures,
    medianAlarmRate: median(inScope.map((r) => r.result!.output.healthyAlarmRate).filter(Number.isFinite)),
    pilotAlarmRate: pilot?.result?.output.healthyAlarmRate ?? NaN,
    leadHours: inScope.map((r) => Number(r.result?.performance?.medianLeadTimeHours)).filter(Number.isFinite),
    sustainedLeadHours: inScope.map((r) => Number(r.result?.performance?.medianSustainedLeadHours)).filter(Number.isFinite),
    verdicts,
  };
}

describeWithData('C-MAPSS FD001 and FD003: raw and per-machine-baseline one-engine models (e2e)', () => {
  let env: TestEnv;
  let api: TestApi;
  let worker: WorkerProcess;
  const runs: Record<string, { report: ReportView; results: Result[] }> = {};

  async function train(name: string, extra: string[]): Promise<{ id: string }> {
    const dir = path.join(env.FLEETGATE_DATA_DIR, 'models', name);
    // Cycles 1..50 of engine 1: [2020-01-01T00:00Z, +50 h).
    const args = ['train', '--machine', PILOT, '--from', '2020-01-01T00:00:00Z', '--to', '2020-01-03T02:00:00Z', '--task', 'anomaly-score'];
    await cliJson([...args, '--signals', SENSORS.join(','), '--out', dir, '--name', name, ...extra], childEnv(env));
    return registerModel(api.url, api.tokens.mle, dir);
  }

  async function evaluate(key: string, versionId: string, thresholds?: string): Promise<void> {
    const res = await call<RunView>(api.url, api.tokens.rel, 'POST', '/evaluations', {
      modelVersionId: versionId,
      selection: { machineModels: ['C-MAPSS-FD001', 'C-MAPSS-FD003'] },
      // The longest FD003 engine runs 525 cycles: 22 days from the start cover every engine.
      from: '2020-01-01T00:00:00Z',
      to: '2020-01-23T00:00:00Z',
      ...(thresholds ? { thresholds } : {}),
    });
    expect(res.status).toBe(202);
    const run = await waitForRun(api.url, api.tokens.rel, res.body.id);
    expect(run.status).toBe('completed');
    const report = (await call<ReportView>(api.url, api.tokens.rel, 'GET', `/evaluations/${run.id}/report`)).body;
    runs[key] = { report, results: (await allMachineResults(api.url, api.tokens.rel, run.id)) as Result[] };
  }

  beforeAll(async () => {
    env = isolatedEnv();
    api = await startApi({ env });
    for (const file of Object.values(FILES)) await cliJson(['import', 'cmapss', file], childEnv(env));
    const raw = await train('cmapss-raw', []);
    const baseline = await train('cmapss-baseline', ['--normalization', 'per-machine-baseline', '--baseline', '50h']);
    worker = new WorkerProcess({ ...childEnv(env), WORKER_CONCURRENCY: '2' });
    await worker.waitUntilStarted();
    await evaluate('raw', raw.id);
    await evaluate('baseline', baseline.id);
    await evaluate('baselineThresholds', baseline.id, 'per-machine');
  }, 1_800_000);

  afterAll(async () => {
    if (process.env.FLEETGATE_E2E_TIMINGS) printFigures(runs);
    await worker?.stop();
    await api?.close();
    if (env) fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
  });

  it('per-machine-baseline: at least 70 of 100 FD001 engines in scope, the pilot training (in its domain held out), recall ≥ 0.8, median alarm rate ≤ 2× the pilot', () => {
    const f = figures(runs.baseline.report, runs.baseline.results, 'FD001');
    expect(f.inScope).toBeGreaterThanOrEqual(70);
    expect(f.pilotVerdict).toBe('training');
    expect(f.pilotHeldOut).toMatch(/^as a held-out machine its figures would read generalizes/);
    expect(f.failures).toBe(f.inScope); // one labelled failure per engine
    expect(f.recall).toBeGreaterThanOrEqual(0.8);
    expect(f.medianAlarmRate).toBeLessThanOrEqual(2 * f.pilotAlarmRate);
    // Lead times: the evaluation's is capped by the 3-day horizon; the sustained alarm reaches back further.
    expect(f.leadHours.every((h) => h <= 72)).toBe(true);
    expect(median(f.sustainedLeadHours)).toBeGreaterThan(72);
  });

  it('holds on FD003 (two failure modes) too, where the raw model keeps every engine out', () => {
    const f = figures(runs.baseline.report, runs.baseline.results, 'FD003');
    expect(f.inScope).toBeGreaterThanOrEqual(70);
    expect(f.recall).toBeGreaterThanOrEqual(0.8);
    for (const fleet of ['FD001', 'FD003']) expect(figures(runs.raw.report, runs.raw.results, fleet).inScope).toBeLessThan(5);
  });

  it('keeps out engines already drifting at their baseline, with the reason', () => {
    const refused = runs.baseline.results.filter((r) => r.result?.reasons.some((x) => x.startsWith('no valid baseline')));
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.verdict).toBe('insufficient-data');
      expect(r.result!.reasons).toEqual([expect.stringMatching(/^no valid baseline: cmapss_s\d+: drifts/)]);
    }
  });

  it("counts no window that touches an engine's baseline", () => {
    let checked = 0;
    for (const r of runs.baseline.results) {
      const n = r.result?.normalization;
      const t = r.result?.timeline;
      if (!n?.calibrationEndMs || !t?.scored.length) continue;
      expect(n.baseline!.toMs).toBe(n.calibrationEndMs);
      expect(t.scored[0][0] - t.windowMs).toBeGreaterThanOrEqual(n.calibrationEndMs);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('says per-machine thresholds apply to no engine: 45 baseline windows cannot place a 99 % quantile', () => {
    const scored = runs.baselineThresholds.results.filter((r) => r.result?.threshold);
    expect(scored.length).toBeGreaterThan(150);
    // The report says so too.
    const summary = (runs.baselineThresholds.report as ReportView & { normalization?: { thresholds: { applied: string[]; keptVersion: number } } })
      .normalization;
    expect(summary?.thresholds).toEqual({ applied: [], keptVersion: scored.length });
    for (const r of scored) {
      expect(r.result!.threshold).toMatchObject({ mode: 'per-machine', applied: false });
      expect((r.result!.threshold as { reason?: string }).reason).toMatch(/healthy baseline scores; a threshold at q = 0\.9\d+ needs \d+/);
    }
  });
});

/** The figures behind the README's C-MAPSS table (with FLEETGATE_E2E_TIMINGS set). */
function printFigures(runs: Record<string, { report: ReportView; results: Result[] }>): void {
  for (const [key, run] of Object.entries(runs)) {
    for (const fleet of ['FD001', 'FD003']) {
      const f = figures(run.report, run.results, fleet);
      const lead = [...f.leadHours].sort((a, b) => a - b);
      const sus = [...f.sustainedLeadHours].sort((a, b) => a - b);
      const q = (p: number) => lead[Math.min(lead.length - 1, Math.floor(p * lead.length))];
      const qs = (p: number) => sus[Math.min(sus.length - 1, Math.floor(p * sus.length))];
      process.stderr.write(
        `${key} ${fleet}: in scope ${f.inScope}, pilot ${f.pilotVerdict}, recall ${f.recall.toFixed(3)} on ${f.failures}, median alarm ${f.medianAlarmRate.toFixed(4)} pilot ${f.pilotAlarmRate.toFixed(4)}, lead p10/50/90 ${q(0.1)}/${q(0.5)}/${q(0.9)}, sustained ${qs(0.1)}/${qs(0.5)}/${qs(0.9)} ; ${JSON.stringify(f.verdicts)}\n`,
      );
    }
    const reasons = new Map<string, number>();
    for (const r of run.results)
      for (const reason of r.result?.reasons ?? []) {
        const k = reason.replace(/[-\d.]+/g, '#').slice(0, 110);
        reasons.set(k, (reasons.get(k) ?? 0) + 1);
      }
    process.stderr.write(`${key} reasons: ${JSON.stringify([...reasons].sort((a, b) => b[1] - a[1]).slice(0, 12))}\n`);
  }
}
