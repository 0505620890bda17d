import { Cleanup, log } from './bench-env.util';
import { FleetPipelineOptions, FleetPipelineResult, runFleetPipeline } from './fleet-pipeline.bench';
import { status, TableRow, Target } from './report.util';

/** History of both fleets: short enough that ten times the fleet fits a bench run. */
export const GROWTH_DAYS = 30;
/** The larger fleet is this many times the base. */
export const GROWTH_FACTOR = 10;
/** Linear growth plus 5 %: a fleet ten times the size may take at most 10.5 × as long. */
const MAX_TIME_RATIO = 10.5;

/** The pipeline's options but the history (30 days) and the workers (one). */
export type GrowthOptions = Omit<FleetPipelineOptions, 'days' | 'workers'>;

type Size = Pick<FleetPipelineResult, 'machines' | 'days' | 'simulate' | 'evaluation' | 'worker'>;

export interface GrowthResult {
  base: Size;
  grown: Size;
}

/**
 * Step 12: how the E2E evaluation grows with fleet size — the same pipeline as steps 1, 3 and 5
 * (simulate + store, train, api + one worker, request → stored report) on N × 30 days and on
 * 10 N × 30 days, each in a database of its own, one after the other.
 */
export async function runGrowthBench(o: GrowthOptions, cleanup: Cleanup): Promise<GrowthResult> {
  const size = async (machines: number, suffix: string): Promise<Size> => {
    log(`growth: ${machines} machines × ${GROWTH_DAYS} days`);
    const r = await runFleetPipeline(
      { ...o, machines, days: GROWTH_DAYS, databaseName: `${o.databaseName}${suffix}`, queuePrefix: `${o.queuePrefix}${suffix}`, workers: 1 },
      cleanup,
    );
    return { machines: r.machines, days: r.days, simulate: r.simulate, evaluation: r.evaluation, worker: r.worker };
  };
  const base = await size(o.machines, '_base');
  const grown = await size(GROWTH_FACTOR * o.machines, '_grown');
  return { base, grown };
}

export function growthRows(r: GrowthResult): TableRow[] {
  const row = (s: Size): TableRow[] => [
    { figure: `simulate + store ${s.machines} × ${s.days} d`, unit: 's', fleetgate: s.simulate.seconds },
    { figure: `E2E evaluation, ${s.machines} × ${s.days} d`, unit: 's', fleetgate: s.evaluation.seconds },
    { figure: '  worker CPU time during it', unit: 's', fleetgate: s.evaluation.workerCpuSeconds },
    { figure: '  worker peak RSS', unit: 'MiB', fleetgate: s.worker.peakRssBytes === null ? null : s.worker.peakRssBytes / 2 ** 20 },
  ];
  return [...row(r.base), ...row(r.grown)];
}

export function growthTargets(r: GrowthResult | null, reason = 'skipped'): Target[] {
  const target = `E2E at ${GROWTH_FACTOR}N × ${GROWTH_DAYS} d ≤ ${MAX_TIME_RATIO} × at N × ${GROWTH_DAYS} d`;
  if (!r) return [{ target, value: reason, status: 'not measured' }];
  const ratio = r.grown.evaluation.seconds / r.base.evaluation.seconds;
  const rss = r.grown.worker.peakRssBytes && r.base.worker.peakRssBytes ? r.grown.worker.peakRssBytes / r.base.worker.peakRssBytes : null;
  return [
    {
      target: `E2E at ${r.grown.machines} × ${GROWTH_DAYS} d ≤ ${MAX_TIME_RATIO} × at ${r.base.machines} × ${GROWTH_DAYS} d`,
      value: `${ratio.toFixed(2)}× (${r.grown.evaluation.seconds.toFixed(1)} s / ${r.base.evaluation.seconds.toFixed(1)} s)${
        rss === null ? '' : `; worker peak RSS ${rss.toFixed(2)}×`
      }`,
      status: status(true, ratio <= MAX_TIME_RATIO),
    },
  ];
}
