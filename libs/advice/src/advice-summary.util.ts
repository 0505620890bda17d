import { NetValue, netValue, ValueCosts, ValueCounts } from '@fleetgate/gate';
import { wilson } from '@fleetgate/stats';

/** The remedies the advice knows (see the advice README). */
export const REMEDIES = ['per-machine-threshold', 'per-machine-baseline', 'per-machine-baseline+threshold', 'per-regime', 'fleet-trained'] as const;
export type Remedy = (typeof REMEDIES)[number];

/** What adopting a remedy takes: a deployment setting only, or a new model version to register, evaluate and promote. */
export type RemedyCost = 'deployment-setting' | 'new-version' | 'new-version+deployment-setting';

/** One machine of an evaluation run as the advice reads it. */
export interface AdviceMachine {
  assetId: string;
  machineModel: string;
  ageBand: string;
  site: string;
  /** Null: not evaluated (failed, or not in the run). */
  verdict: string | null;
  failures: number;
  detected: number;
  healthyWindows: number;
  /** Healthy windows the model alarmed on. */
  healthyAlarms: number;
  value: ValueCounts | null;
}

/** A pooled proportion with its 95 % Wilson interval (null estimate when nothing was counted). */
export interface Pooled {
  count: number;
  of: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
}

export interface RemedyFigures {
  /** Left-out machines the remedy was judged on (its training machines excluded). */
  evaluated: number;
  /** Left-out machines it brings into scope (verdict `generalizes`). */
  broughtIntoScope: string[];
  /** Left-out machines the remedy trained on: never evidence for it. */
  training: string[];
  /** Over the machines it brings into scope: detected of labelled failures, and healthy windows alarmed on. */
  recall: Pooled;
  alarmRate: Pooled;
  /** Net value per 1,000 machine-hours over the machines it brings into scope (null without costs). */
  value: NetValue | null;
}

/** One segment's figures: `leftOut` machines of the segment were left out by the evaluated version. */
export interface SegmentFigures extends RemedyFigures {
  dimension: SegmentDimension;
  segment: string;
  leftOut: number;
}

export const SEGMENT_DIMENSIONS = ['machineModel', 'ageBand', 'site'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

/**
 * A remedy's figures over the left-out machines: which it brings into scope and, over those, the
 * recall and the healthy alarm rate (pooled, 95 % Wilson intervals; windows of one machine are
 * not independent, so the alarm-rate interval is narrower than the truth — it ranks remedies, the
 * gate still judges the version) and the net value (bootstrap over machines).
 */
export function remedyFigures(leftOut: readonly string[], results: readonly AdviceMachine[], costs: ValueCosts | null, key: string): RemedyFigures {
  const wanted = new Set(leftOut);
  const mine = results.filter((r) => wanted.has(r.assetId));
  const training = mine.filter((r) => r.verdict === 'training').map((r) => r.assetId);
  const judged = mine.filter((r) => r.verdict !== null && r.verdict !== 'training');
  const inScope = judged.filter((r) => r.verdict === 'generalizes');
  const sum = (f: (r: AdviceMachine) => number) => inScope.reduce((a, r) => a + f(r), 0);
  return {
    evaluated: judged.length,
    broughtIntoScope: inScope.map((r) => r.assetId).sort(),
    training: training.sort(),
    recall: pooled(
      sum((r) => r.detected),
      sum((r) => r.failures),
    ),
    alarmRate: pooled(
      sum((r) => r.healthyAlarms),
      sum((r) => r.healthyWindows),
    ),
    value: costs && inScope.length ? netValue(inScope, costs, key) : null,
  };
}

/** `remedyFigures` per value of each segment dimension, over the left-out machines of that segment. */
export function segmentFigures(leftOut: readonly AdviceMachine[], results: readonly AdviceMachine[], costs: ValueCosts | null, key: string): SegmentFigures[] {
  const out: SegmentFigures[] = [];
  for (const dimension of SEGMENT_DIMENSIONS) {
    const values = [...new Set(leftOut.map((m) => m[dimension]))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const segment of values) {
      const ids = leftOut.filter((m) => m[dimension] === segment).map((m) => m.assetId);
      out.push({ dimension, segment, leftOut: ids.length, ...remedyFigures(ids, results, costs, `${key}:${dimension}=${segment}`) });
    }
  }
  return out;
}

const COST_ORDER: Record<RemedyCost, number> = { 'deployment-setting': 0, 'new-version': 1, 'new-version+deployment-setting': 2 };

/**
 * Best first: more machines brought into scope, then a higher lower bound of net value, then the
 * cheaper change. Remedies that could not be evaluated come last, in their given order.
 */
export function rankRemedies<T extends { remedy: Remedy; cost: RemedyCost; figures: RemedyFigures | null }>(remedies: readonly T[]): T[] {
  const low = (t: T) => t.figures?.value?.low ?? -Infinity;
  return remedies
    .map((t, i) => ({ t, i }))
    .sort((a, b) => {
      if (!a.t.figures || !b.t.figures) return (a.t.figures ? 0 : 1) - (b.t.figures ? 0 : 1) || a.i - b.i;
      return (
        b.t.figures.broughtIntoScope.length - a.t.figures.broughtIntoScope.length ||
        low(b.t) - low(a.t) ||
        COST_ORDER[a.t.cost] - COST_ORDER[b.t.cost] ||
        a.i - b.i
      );
    })
    .map(({ t }) => t);
}

/** Best first by the lower bound of net value (remedies without a value last, in coverage order). */
export function rankByValue<T extends { remedy: Remedy; figures: RemedyFigures | null }>(ranked: readonly T[]): Remedy[] {
  const low = (t: T) => t.figures?.value?.low ?? null;
  return [...ranked]
    .map((t, i) => ({ t, i }))
    .sort((a, b) => {
      const la = low(a.t);
      const lb = low(b.t);
      if (la === null || lb === null) return (la === null ? 1 : 0) - (lb === null ? 1 : 0) || a.i - b.i;
      return lb - la || a.i - b.i;
    })
    .map(({ t }) => t.remedy);
}

/**
 * The remedy to adopt: the first by coverage that brings a machine in and whose net value is not
 * shown to be negative (its interval's lower bound is positive, or no value could be judged);
 * when every one that brings machines in is shown to lose money, the first of them anyway — the
 * gate's advisory value rule will say so again.
 */
export function recommend<T extends { remedy: Remedy; figures: RemedyFigures | null }>(ranked: readonly T[]): Remedy | null {
  const helping = ranked.filter((r) => (r.figures?.broughtIntoScope.length ?? 0) > 0);
  const paying = helping.find((r) => r.figures!.value?.low === null || r.figures!.value?.low === undefined || r.figures!.value.low > 0);
  return (paying ?? helping[0])?.remedy ?? null;
}

function pooled(count: number, of: number): Pooled {
  if (of === 0) return { count, of, estimate: null, low: null, high: null };
  const w = wilson(count, of);
  return { count, of, estimate: w.estimate, low: w.low, high: w.high };
}
