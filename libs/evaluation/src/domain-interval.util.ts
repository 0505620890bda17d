import { groupedSorted, HourlyBlocks, loadDrawn } from '@fleetgate/inference';
import { blockBootstrapIntervals, chiSquareQuantile, normalQuantile } from '@fleetgate/stats';
import { checkStatuses, DomainCheck, effectSizes, PilotLevel, worstStatus } from './domain.util';
import { THRESHOLDS } from './thresholds';

/**
 * The domain checks with their day-block bootstrap intervals and status (`THRESHOLDS.borderline`).
 * Each signal's kept healthy hours (`hourlyBlocks`, as `signalLevelsWithBlocks` returns them) are grouped
 * by UTC day; `resamples` times, as many days as there are are drawn with replacement, the level
 * and spread recomputed with the same estimator (`levelOf`) and turned into the same effect sizes
 * (`effectSizes`, with the flat-tolerance floors); the interval is the `confidence` percentile
 * interval. Days, not hours, because hours of one day share the load and the daily cycle:
 * resampling hours would treat 24 dependent values as 24 independent ones and give too narrow an
 * interval. Seeded by `key` and the signal, so a rerun gives the same intervals. With fewer than
 * `minBlocks` days no interval is formed and the point estimate decides. Returns new objects;
 * the checks passed in are not changed.
 */
export function withDomainIntervals(
  checks: readonly DomainCheck[],
  blocks: ReadonlyMap<string, HourlyBlocks>,
  pilot: Record<string, PilotLevel>,
  key: string,
  t = THRESHOLDS,
): DomainCheck[] {
  return checks.map((check) => {
    const out: DomainCheck = { ...check };
    const h = blocks.get(check.signal);
    const p = pilot[check.signal];
    if (h && p && Number.isFinite(check.levelShiftSigma) && Number.isFinite(check.spreadRatio))
      Object.assign(out, intervals(h, p, check, `${key}:${check.signal}`, t));
    const { level, spread } = checkStatuses(out, t);
    out.status = worstStatus(level, spread);
    return out;
  });
}

function intervals(
  h: HourlyBlocks,
  pilot: PilotLevel,
  estimate: Pick<DomainCheck, 'levelShiftSigma' | 'spreadRatio'>,
  key: string,
  t: typeof THRESHOLDS,
): Pick<DomainCheck, 'days' | 'levelShiftInterval' | 'spreadRatioInterval' | 'farFromBounds'> {
  const { dayOf, days } = dayIndex(h.startMs, h.count, t.borderline.blockMs);
  if (days < t.borderline.minBlocks) return { days };

  // A resample is a multiset of days: with the hours sorted once (by mean, and by σ) and each
  // weighted by how often its day was drawn, `levelOfDrawn` needs one pass over them per resample —
  // no copy, no sort, no buffer per resample; `loadDrawn` runs it in WebAssembly, the same to the bit.
  const levels = loadDrawn(groupedSorted(h.means, dayOf, h.count, h.order?.means), groupedSorted(h.stds, dayOf, h.count, h.order?.stds));
  const { drawn } = levels;
  const { screen } = t.borderline;
  // k per number of draws the SD rests on: the look's resamples, or fewer if some gave no figure.
  const far = (draws: number) => screenSd(draws, t.borderline.confidence, screen.risk);
  const bounds = [[t.domain.maxLevelShiftSigma], [t.domain.minSpreadRatio, t.domain.maxSpreadRatio]];
  const estimates = [estimate.levelShiftSigma, estimate.spreadRatio];
  const settled = (draws: Float64Array[]) => draws.every((d, k) => bounds[k].every((b) => Math.abs(estimates[k] - b) > far(d.length) * sd(d)));
  const result = blockBootstrapIntervals(
    days,
    2,
    (picks, stat) => {
      drawn.fill(0);
      for (let k = 0; k < picks.length; k++) drawn[picks[k]]++;
      const l = levels.level();
      const e = effectSizes(l.mean, l.std, pilot.mean, pilot.std, t.domain.flatTolerance, pilot.withinStd);
      stat[0] = e.levelShiftSigma;
      stat[1] = e.spreadRatio;
    },
    { resamples: t.borderline.resamples, confidence: t.borderline.confidence, key, earlyStop: { after: screen.resamples, settled } },
  );
  if (!result) return { days, farFromBounds: true };
  const [levelShiftInterval, spreadRatioInterval] = result;
  return { days, levelShiftInterval, spreadRatioInterval };
}

/**
 * Each hour's day (0, 1, …) and the number of days. Hours come in time order, so each day is one
 * run of them. (A loop of its own: in `intervals` it had V8 optimise and inline that whole function.)
 */
function dayIndex(startMs: Float64Array, count: number, blockMs: number): { dayOf: Uint32Array; days: number } {
  const dayOf = new Uint32Array(count);
  let days = 0;
  let previous = NaN;
  for (let i = 0; i < count; i++) {
    const day = Math.floor(startMs[i] / blockMs);
    if (day !== previous) {
      days++;
      previous = day;
    }
    dayOf[i] = days - 1;
  }
  return { dayOf, days };
}

// confidence → risk → resamples → k: numbers all the way, as the screen asks on every look of every check.
const sdCache = new Map<number, Map<number, Map<number, number>>>();

/**
 * For a look of the screen after r resamples, how many bootstrap SDs (as estimated from them) an
 * estimate must lie from a bound to be settled: z·√((r − 1)/q), z the interval's normal quantile
 * and q the χ²_{r−1} quantile at `risk` — the SD would have to be underestimated k/z-fold for the
 * interval to reach the bound (`THRESHOLDS.borderline.screen`). Infinity below 2 resamples.
 */
export function screenSd(r: number, confidence: number, risk: number): number {
  let byRisk = sdCache.get(confidence);
  if (!byRisk) sdCache.set(confidence, (byRisk = new Map()));
  let byResamples = byRisk.get(risk);
  if (!byResamples) byRisk.set(risk, (byResamples = new Map()));
  let k = byResamples.get(r);
  if (k === undefined) {
    k = r < 2 ? Infinity : normalQuantile((1 + confidence) / 2) * Math.sqrt((r - 1) / chiSquareQuantile(r - 1, risk));
    byResamples.set(r, k);
  }
  return k;
}

/** Sample standard deviation; Infinity with fewer than two values (then nothing counts as far). */
function sd(values: Float64Array): number {
  if (values.length < 2) return Infinity;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return Math.sqrt(ss / (values.length - 1));
}
