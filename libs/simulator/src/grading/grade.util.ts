import type { FleetTruth, MachineTruth } from '../simulator.types';
import { WORKS_RULE, type WorksRule } from './works-rule';

const HOUR_MS = 3_600_000;
const YEAR_BANDS = [5, 10, 15, 20];

/** Where an evaluation put a machine. */
export type Placement = 'in-scope' | 'borderline' | 'kept-out';

/** What `fleetgate grade` needs of one machine's evaluation result (no import of the evaluation: the wall stands). */
export interface ResultToGrade {
  assetId: string;
  placement: Placement;
  verdict: string;
  /** When the model was scored and alarmed; null when it could not be scored at all. */
  timeline: { windowMs: number; stepMs: number; scored: Array<[number, number]>; alarmed: Array<[number, number]> } | null;
  /** The pilot's healthy-window alarm rate the version was registered with (share of windows). */
  pilotAlarmRate: number | null;
}

export interface MachineGrade {
  assetId: string;
  placement: Placement;
  verdict: string;
  works: boolean;
  reasons: string[];
  /** Planted failures in the period whose run-up the model scored; of them caught, and caught although withheld from the events. */
  failures: number;
  detected: number;
  detectedWithheld: number;
  /** Planted failures in the period with no scored window in their run-up (down, or no data): not graded. */
  unobserved: number;
  healthyHours: number;
  falseAlarms: number;
  falseAlarmsPer1000h: number;
  limitPer1000h: number;
  segments: Record<SegmentDimension, string>;
}

export type SegmentDimension = 'machineModel' | 'ageBand' | 'site' | 'kind';
export const SEGMENT_DIMENSIONS: SegmentDimension[] = ['machineModel', 'ageBand', 'site', 'kind'];

/** Machines by where they were put and whether the model works there. */
export interface Confusion {
  machines: number;
  inScopeWorks: number;
  inScopeFails: number;
  borderlineWorks: number;
  borderlineFails: number;
  keptOutWorks: number;
  keptOutFails: number;
}

export interface Ratio {
  value: number;
  of: number;
  count: number;
}

export interface ScopeGrade {
  machines: number;
  /** Of the machines in scope, the share where the model works. NaN with an empty scope. */
  precision: Ratio;
  /** Of the machines where the model works, the share in scope. */
  coverage: Ratio;
  borderline: Ratio;
  confusion: Confusion;
  /** The same, for machines with at least one graded planted failure and for those with none (judged on false alarms alone). */
  withFailures: Confusion;
  withoutFailures: Confusion;
  segments: Record<SegmentDimension, Array<{ segment: string } & Confusion>>;
  /** Machines graded `works` that caught a failure withheld from the events. */
  worksOnWithheldFailures: number;
  rule: WorksRule;
  machinesGraded: MachineGrade[];
}

function emptyConfusion(): Confusion {
  return { machines: 0, inScopeWorks: 0, inScopeFails: 0, borderlineWorks: 0, borderlineFails: 0, keptOutWorks: 0, keptOutFails: 0 };
}

function count(c: Confusion, g: MachineGrade): void {
  c.machines++;
  const key = (g.placement === 'in-scope' ? 'inScope' : g.placement === 'borderline' ? 'borderline' : 'keptOut') + (g.works ? 'Works' : 'Fails');
  c[key as keyof Confusion]++;
}

function ratio(count: number, of: number): Ratio {
  return { value: of ? count / of : NaN, of, count };
}

export function ageBandOf(ageYears: number, bands: readonly number[] = YEAR_BANDS): string {
  let lo = 0;
  for (const b of bands) {
    if (ageYears < b) return `${lo}-${b}y`;
    lo = b;
  }
  return `${lo}y+`;
}

function overlaps(from: number, to: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  return ranges.some(([a, b]) => from < b && a < to);
}

/**
 * One machine against its complete truth (`WORKS_RULE`): recall over every planted failure of
 * the period, labelled or withheld, and false alarms on truly healthy windows (overlapping no
 * run-up and no repair).
 */
export function gradeMachine(truth: MachineTruth, result: ResultToGrade, period: { fromMs: number; toMs: number }, rule: WorksRule = WORKS_RULE): MachineGrade {
  const segments = { machineModel: truth.machineModel, ageBand: ageBandOf(truth.ageYears), site: truth.site, kind: truth.kind ?? 'level-spread' };
  const base = { assetId: truth.assetId, placement: result.placement, verdict: result.verdict, segments };
  const t = result.timeline;
  if (!t || t.scored.length === 0) {
    return {
      ...base,
      works: false,
      reasons: ['the model could not score this machine'],
      failures: 0,
      detected: 0,
      detectedWithheld: 0,
      unobserved: 0,
      healthyHours: 0,
      falseAlarms: 0,
      falseAlarmsPer1000h: NaN,
      limitPer1000h: NaN,
    };
  }
  const failures = truth.failures
    .map((f) => ({ onset: Date.parse(f.onset), failure: Date.parse(f.failure), repaired: Date.parse(f.repaired), labelled: f.labelled }))
    .filter((f) => f.failure >= period.fromMs && f.failure <= period.toMs);
  const unhealthy = truth.failures.map((f) => [Date.parse(f.onset), Date.parse(f.repaired)] as [number, number]);
  // a run-up still under way at the end of the history is not healthy either
  if (truth.runUpAtEnd) unhealthy.push([Date.parse(truth.runUpAtEnd.onset), Date.parse(truth.runUpAtEnd.failure)]);
  const alarmed = new Set<number>();
  for (const [first, last] of t.alarmed) for (let end = first; end <= last; end += t.stepMs) alarmed.add(end);

  let healthyWindows = 0;
  let falseAlarms = 0;
  const caught = new Set<number>();
  const observed = new Set<number>();
  for (const [first, last] of t.scored) {
    for (let end = first; end <= last; end += t.stepMs) {
      failures.forEach((f, i) => {
        if (end >= f.onset && end <= f.failure) {
          observed.add(i);
          if (alarmed.has(end)) caught.add(i);
        }
      });
      if (!overlaps(end - t.windowMs, end, unhealthy)) {
        healthyWindows++;
        if (alarmed.has(end)) falseAlarms++;
      }
    }
  }
  const graded = [...observed];
  const detected = graded.filter((i) => caught.has(i));
  const stepHours = t.stepMs / HOUR_MS;
  const healthyHours = healthyWindows * stepHours;
  const falseAlarmsPer1000h = healthyHours ? (falseAlarms / healthyHours) * 1000 : NaN;
  const reference = Math.max(result.pilotAlarmRate ?? 0, rule.minReferenceAlarmRate);
  const limitPer1000h = Math.max((rule.maxFalseAlarmRatio * reference * 1000) / stepHours, rule.minFalseAlarmsPer1000h);

  const reasons: string[] = [];
  const recall = graded.length ? detected.length / graded.length : NaN;
  if (graded.length && recall < rule.minRecall) reasons.push(`caught ${detected.length} of ${graded.length} planted failures (min ${rule.minRecall * 100} %)`);
  if (falseAlarmsPer1000h > limitPer1000h)
    reasons.push(`${falseAlarmsPer1000h.toFixed(1)} false alarms per 1,000 healthy hours (max ${limitPer1000h.toFixed(1)})`);
  if (!graded.length && !healthyHours) reasons.push('no truly healthy hour and no planted failure was scored');
  const works = reasons.length === 0;
  if (works)
    reasons.push(
      `${graded.length ? `caught ${detected.length} of ${graded.length} planted failures; ` : ''}${fmt(falseAlarmsPer1000h)} false alarms per 1,000 healthy hours (max ${limitPer1000h.toFixed(1)})`,
    );
  return {
    ...base,
    works,
    reasons,
    failures: graded.length,
    detected: detected.length,
    detectedWithheld: detected.filter((i) => failures[i].labelled === false).length,
    unobserved: failures.length - graded.length,
    healthyHours,
    falseAlarms,
    falseAlarmsPer1000h,
    limitPer1000h,
  };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(1) : '-';
}

/**
 * A validated scope against the truth: precision (of the machines in scope, how many really
 * work), coverage (of the machines where the model works, how many are in scope), the
 * borderline share, and the confusion table overall, by failures seen and by segment.
 * Every result must be a machine of the truth file (a run of another fleet is refused).
 */
export function gradeScope(
  truth: Pick<FleetTruth, 'machines'>,
  results: readonly ResultToGrade[],
  period: { fromMs: number; toMs: number },
  rule: WorksRule = WORKS_RULE,
): ScopeGrade {
  const byId = new Map(truth.machines.map((m) => [m.assetId, m]));
  const unknown = results.filter((r) => !byId.has(r.assetId)).map((r) => r.assetId);
  if (unknown.length)
    throw new RangeError(
      `${unknown.length} machine(s) of the run are not in the truth file (${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}): another fleet?`,
    );
  const grades = results.map((r) => gradeMachine(byId.get(r.assetId)!, r, period, rule)).sort((a, b) => a.assetId.localeCompare(b.assetId));

  const confusion = emptyConfusion();
  const withFailures = emptyConfusion();
  const withoutFailures = emptyConfusion();
  const segments = Object.fromEntries(SEGMENT_DIMENSIONS.map((d) => [d, new Map<string, Confusion>()])) as Record<SegmentDimension, Map<string, Confusion>>;
  for (const g of grades) {
    count(confusion, g);
    count(g.failures ? withFailures : withoutFailures, g);
    for (const d of SEGMENT_DIMENSIONS) {
      const map = segments[d];
      const key = g.segments[d];
      if (!map.has(key)) map.set(key, emptyConfusion());
      count(map.get(key)!, g);
    }
  }
  const inScope = confusion.inScopeWorks + confusion.inScopeFails;
  const works = confusion.inScopeWorks + confusion.borderlineWorks + confusion.keptOutWorks;
  return {
    machines: grades.length,
    precision: ratio(confusion.inScopeWorks, inScope),
    coverage: ratio(confusion.inScopeWorks, works),
    borderline: ratio(confusion.borderlineWorks + confusion.borderlineFails, grades.length),
    confusion,
    withFailures,
    withoutFailures,
    segments: Object.fromEntries(
      SEGMENT_DIMENSIONS.map((d) => [
        d,
        [...segments[d].entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([segment, c]) => ({ segment, ...c })),
      ]),
    ) as ScopeGrade['segments'],
    worksOnWithheldFailures: grades.filter((g) => g.works && g.detectedWithheld > 0).length,
    rule,
    machinesGraded: grades,
  };
}
