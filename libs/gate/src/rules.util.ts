import { median, wilson } from '@fleetgate/stats';
import { PolicyDefinition, PolicyRule, RULE_DIRECTION, RuleResult, ScopeMachine, ShadowEvidence, ValueCosts } from './policy.types';
import { money, netValue } from './value/net-value.util';

/** Median of finite values; null when there are none (the rule then has no evidence). */
function medianOrNull(values: number[]): number | null {
  return values.length ? median(values) : null;
}

function groupBy(machines: ScopeMachine[], dimension: 'machineModel' | 'ageBand' | 'site'): Map<string, ScopeMachine[]> {
  const out = new Map<string, ScopeMachine[]>();
  for (const m of machines) {
    const key = m[dimension];
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push(m);
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

const f = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3));

/**
 * Evaluates one rule over the machines of the requested scope. A rule that cannot be
 * judged (no machine evaluated, too few labelled failures) says insufficient-evidence
 * rather than pass or fail. `shadow` is what the `shadow` rule reads (see ShadowEvidence).
 */
export function evaluateRule(rule: PolicyRule, requested: ScopeMachine[], shadow?: ShadowEvidence | null, costs?: ValueCosts): RuleResult {
  const direction = RULE_DIRECTION[rule.kind];
  // A machine the version was trained on is deployed with the scope but is no evidence: no rule counts it, in numerator or denominator.
  const scope = requested.filter((m) => m.verdict !== 'training');
  const trainingNote = scope.length < requested.length ? ` (${requested.length - scope.length} training machine(s) of the version not counted)` : '';
  // The value rule asks for a positive lower bound: a model worth exactly nothing does not pass.
  const strict = rule.kind === 'value';
  const evaluated = scope.filter((m) => m.evaluated);
  const result = (value: number | null, detail: string, insufficient = false): RuleResult => ({
    id: rule.id,
    kind: rule.kind,
    value,
    threshold: rule.threshold,
    comparison: strict ? '>' : direction === 'min' ? '>=' : '<=',
    outcome:
      insufficient || value === null || Number.isNaN(value)
        ? 'insufficient-evidence'
        : (strict ? value > rule.threshold : direction === 'min' ? value >= rule.threshold : value <= rule.threshold)
          ? 'pass'
          : 'fail',
    detail: `${detail}${trainingNote}`,
    ...(rule.mode === 'advisory' ? { advisory: true as const } : {}),
  });
  if (scope.length === 0) return result(null, 'the scope holds no machine', true);
  const failures = evaluated.reduce((s, m) => s + m.failures, 0);
  const detected = evaluated.reduce((s, m) => s + m.detected, 0);
  switch (rule.kind) {
    case 'evaluated-share':
      return result(evaluated.length / scope.length, `${evaluated.length} of ${scope.length} scope machines evaluated`);
    case 'generalizes-share': {
      if (!evaluated.length) return result(null, 'no scope machine evaluated', true);
      // A borderline machine (an interval straddles a domain bound) is not out of domain, but it is not
      // shown to generalize either: it counts against the share, so undecided machines cannot carry a
      // fleet-wide promotion. max-borderline-share can limit them separately.
      const n = evaluated.filter((m) => m.verdict === 'generalizes').length;
      const undecided = evaluated.filter((m) => m.verdict === 'borderline').length;
      const aside = undecided ? ` (${undecided} borderline, not yet shown to)` : '';
      return result(n / evaluated.length, `${n} of ${evaluated.length} evaluated scope machines generalize${aside}`);
    }
    case 'max-borderline-share': {
      if (!evaluated.length) return result(null, 'no scope machine evaluated', true);
      const n = evaluated.filter((m) => m.verdict === 'borderline').length;
      return result(n / evaluated.length, `${n} of ${evaluated.length} evaluated scope machines borderline`);
    }
    case 'median-usable-fraction': {
      const med = medianOrNull(evaluated.map((m) => m.usableFraction).filter((x): x is number => x !== null && Number.isFinite(x)));
      return result(med, med === null ? 'no usable-window figures' : `median usable-window fraction ${f(med)}`);
    }
    case 'psi-share': {
      const psiMax = rule.psiMax ?? 0.25;
      // +Infinity (a flat reference against a moving signal) is a known, huge shift, not a missing figure.
      const known = evaluated.filter((m) => m.medianPsi !== null && !Number.isNaN(m.medianPsi));
      if (!known.length) return result(null, 'no drift figures', true);
      const n = known.filter((m) => m.medianPsi! <= psiMax).length;
      return result(n / known.length, `${n} of ${known.length} machines with median feature PSI ≤ ${psiMax}`);
    }
    case 'recall':
    case 'recall-lower-bound': {
      const minFailures = rule.minFailures ?? 5;
      if (failures < minFailures) return result(failures ? detected / failures : null, `${failures} labelled failures in scope (need ${minFailures})`, true);
      const w = wilson(detected, failures);
      const value = rule.kind === 'recall' ? detected / failures : w.low;
      return result(value, `${detected} of ${failures} labelled failures detected (95 % Wilson ${f(w.low)}–${f(w.high)})`);
    }
    case 'worst-segment-alarm-ratio': {
      const dimension = rule.dimension ?? 'machineModel';
      let worst: { key: string; value: number } | null = null;
      for (const [key, members] of groupBy(evaluated, dimension)) {
        const med = medianOrNull(members.map((m) => m.alarmRateRatio).filter((x): x is number => x !== null && Number.isFinite(x)));
        if (med !== null && (!worst || med > worst.value)) worst = { key, value: med };
      }
      return worst
        ? result(worst.value, `worst ${dimension} segment ${worst.key}: median alarm rate ${f(worst.value)}× the pilot's`)
        : result(null, 'no alarm-rate figures', true);
    }
    case 'min-labelled-failures':
      return result(failures, `${failures} labelled failures in scope`);
    case 'min-machines-per-segment': {
      const dimension = rule.dimension ?? 'machineModel';
      const groups = [...groupBy(scope, dimension).entries()];
      const smallest = groups.reduce((a, b) => (b[1].length < a[1].length ? b : a));
      return result(smallest[1].length, `smallest ${dimension} segment in scope: ${smallest[0]} with ${smallest[1].length} machines`);
    }
    case 'shadow':
      return shadowResult(rule, scope.length, shadow, result);
    case 'value':
      return valueResult(rule, evaluated, costs, result);
  }
}

/**
 * The lower 95 % bootstrap bound of the scope's net value per 1,000 machine-hours (see
 * `netValue`), over the evaluated scope machines. Fewer than `minFailures` labelled failures
 * (default 5) → insufficient evidence: without failures only the cost of false alarms shows.
 */
function valueResult(
  rule: PolicyRule,
  evaluated: ScopeMachine[],
  costs: ValueCosts | undefined,
  result: (value: number | null, detail: string, insufficient?: boolean) => RuleResult,
): RuleResult {
  if (!costs) return result(null, 'the policy sets no value costs', true);
  const v = netValue(
    evaluated.map((m) => ({ assetId: m.assetId, value: m.value ?? null })),
    costs,
    `rule:${rule.id}`,
  );
  if (v.insufficient !== null) return result(null, v.insufficient, true);
  const minFailures = rule.minFailures ?? 5;
  const counts =
    `${v.detectedInTime} of ${v.failures} labelled failures detected ≥ ${costs.minLeadTimeHours} h ahead` +
    `${v.detectedLate ? ` (${v.detectedLate} later)` : ''}, ${v.falseAlarms} false alarms over ${money(v.machineHours)} machine-hours`;
  const priced = `costs: unplanned ${money(costs.unplannedFailureCost)}, planned ${money(costs.plannedRepairCost)}, false alarm ${money(costs.falseAlarmCost)}`;
  const detail = `net value ${money(v.estimate!)} per 1,000 machine-hours (95 % bootstrap over ${v.machines} machines ${money(v.low!)} to ${money(v.high!)}); ${counts}; ${priced}`;
  if (v.failures < minFailures) return result(v.low, `${v.failures} labelled failures in scope (need ${minFailures}); ${detail}`, true);
  return result(v.low, detail);
}

/**
 * A candidate replaces production only after it has shadowed production over the whole scope for
 * at least `minDays` with alarm agreement ≥ threshold. Too short a shadow is insufficient evidence
 * (value: the agreement so far), not a fail: it blocks the same way but says "wait", not "worse".
 */
function shadowResult(
  rule: PolicyRule,
  scopeSize: number,
  shadow: ShadowEvidence | null | undefined,
  result: (value: number | null, detail: string, insufficient?: boolean) => RuleResult,
): RuleResult {
  if (shadow === null) return { ...result(null, 'applies to production promotions only'), outcome: 'pass' };
  const minDays = rule.minDays ?? 7;
  if (!shadow || shadow.windows === 0) return result(null, 'no shadow of this version has compared a window on the scope', true);
  const so = `${shadow.windows} windows on ${shadow.machinesCompared} of ${scopeSize} scope machines, agreement ${f(shadow.agreement ?? 0)}`;
  if (shadow.machinesCompared < scopeSize) return result(shadow.agreement, `shadow does not cover the scope: ${so}`, true);
  if (shadow.days < minDays) return result(shadow.agreement, `${shadow.days.toFixed(1)} of ${minDays} days of shadow: ${so}`, true);
  return result(shadow.agreement, `${shadow.days.toFixed(1)} days of shadow: ${so}`);
}

export interface PolicyEvaluation {
  results: RuleResult[];
  /** pass: every blocking rule passes; otherwise its failing and insufficient rules need a waiver (advisory ones never do). */
  outcome: 'pass' | 'fail';
  blocking: string[];
}

export function evaluatePolicy(policy: PolicyDefinition, scope: ScopeMachine[], shadow?: ShadowEvidence | null): PolicyEvaluation {
  const results = policy.rules.map((r) => evaluateRule(r, scope, shadow, policy.value));
  const blocking = blockingRules(results);
  return { results, outcome: blocking.length ? 'fail' : 'pass', blocking };
}

/** The rules a decision must waive: not passed, and not advisory (an advisory rule is reported, never blocking). */
export function blockingRules(results: readonly RuleResult[]): string[] {
  return results.filter((r) => r.outcome !== 'pass' && !r.advisory).map((r) => r.id);
}
