import { ErrorDetail } from '@fleetgate/common';
import { GuardsDefinition, PolicyDefinition, PolicyRule, RULE_DIRECTION, RULE_KINDS, RULE_MODES, RuleKind, RuleMode, ValueCosts } from '../policy.types';

export const POLICY_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,59}$/;
const DIMENSIONS = ['machineModel', 'ageBand', 'site'] as const;
/** Shares, fractions and bounds live in [0, 1]; ratios and counts do not. */
const UNIT_INTERVAL: RuleKind[] = [
  'evaluated-share',
  'generalizes-share',
  'max-borderline-share',
  'median-usable-fraction',
  'psi-share',
  'recall',
  'recall-lower-bound',
  'shadow',
];

export type PolicyCheck = { ok: true; policy: PolicyDefinition } | { ok: false; errors: ErrorDetail[] };

/**
 * Checks a policy sent by a user: known rule kinds, unique ids (waivers name them),
 * thresholds that can be met, options that fit the kind. Returns the policy with only
 * the fields the rules read, so the stored text is exactly what is evaluated.
 */
export function checkPolicyDefinition(input: unknown): PolicyCheck {
  const errors: ErrorDetail[] = [];
  const body = (input ?? {}) as { rules?: unknown; maxEvidenceAgeHours?: unknown; guards?: unknown; value?: unknown };
  const age = body.maxEvidenceAgeHours;
  if (typeof age !== 'number' || !Number.isFinite(age) || age <= 0 || age > 24 * 366) {
    errors.push({ field: 'maxEvidenceAgeHours', message: 'a number of hours, above 0 and at most one year' });
  }
  if (!Array.isArray(body.rules) || body.rules.length === 0) {
    errors.push({ field: 'rules', message: 'at least one rule' });
    return { ok: false, errors };
  }
  const seen = new Set<string>();
  const rules: PolicyRule[] = [];
  body.rules.forEach((raw: unknown, i) => {
    const at = (f: string) => `rules[${i}].${f}`;
    const r = (raw ?? {}) as Record<string, unknown>;
    const before = errors.length;
    if (typeof r.id !== 'string' || !RULE_ID_PATTERN.test(r.id)) errors.push({ field: at('id'), message: 'lower-case letters, digits, - or _ (1–60)' });
    else if (seen.has(r.id)) errors.push({ field: at('id'), message: `duplicate rule id "${r.id}"` });
    else seen.add(r.id);
    if (!RULE_KINDS.includes(r.kind as RuleKind)) {
      errors.push({ field: at('kind'), message: `one of ${RULE_KINDS.join(', ')}` });
      return;
    }
    const kind = r.kind as RuleKind;
    const t = r.threshold;
    if (typeof t !== 'number' || !Number.isFinite(t)) errors.push({ field: at('threshold'), message: 'a finite number' });
    else if (UNIT_INTERVAL.includes(kind) && (t < 0 || t > 1)) errors.push({ field: at('threshold'), message: `${kind} is a share: between 0 and 1` });
    // A net value (money per 1,000 machine-hours) may be required above a negative figure; counts and ratios cannot be negative.
    else if (!UNIT_INTERVAL.includes(kind) && kind !== 'value' && t < 0) errors.push({ field: at('threshold'), message: 'not negative' });
    if (r.psiMax !== undefined && (kind !== 'psi-share' || typeof r.psiMax !== 'number' || !(r.psiMax > 0)))
      errors.push({ field: at('psiMax'), message: 'only for psi-share, a number above 0' });
    if (
      r.minFailures !== undefined &&
      ((!kind.startsWith('recall') && kind !== 'value') || !Number.isInteger(r.minFailures) || (r.minFailures as number) < 1)
    ) {
      errors.push({ field: at('minFailures'), message: 'only for recall and value rules, an integer of at least 1' });
    }
    const segmented = kind === 'worst-segment-alarm-ratio' || kind === 'min-machines-per-segment';
    if (r.dimension !== undefined && (!segmented || !DIMENSIONS.includes(r.dimension as (typeof DIMENSIONS)[number]))) {
      errors.push({ field: at('dimension'), message: `only for segment rules, one of ${DIMENSIONS.join(', ')}` });
    }
    if (r.minDays !== undefined && (kind !== 'shadow' || typeof r.minDays !== 'number' || !Number.isFinite(r.minDays) || r.minDays <= 0 || r.minDays > 366))
      errors.push({ field: at('minDays'), message: 'only for shadow, a number of days above 0 and at most 366' });
    if (r.mode !== undefined && !RULE_MODES.includes(r.mode as RuleMode)) errors.push({ field: at('mode'), message: `one of ${RULE_MODES.join(', ')}` });
    if (r.description !== undefined && (typeof r.description !== 'string' || r.description.length > 500))
      errors.push({ field: at('description'), message: 'text of at most 500 characters' });
    if (errors.length > before) return;
    const rule: PolicyRule = { id: r.id as string, kind, threshold: t as number };
    if (r.psiMax !== undefined) rule.psiMax = r.psiMax as number;
    if (r.minFailures !== undefined) rule.minFailures = r.minFailures as number;
    if (r.dimension !== undefined) rule.dimension = r.dimension as PolicyRule['dimension'];
    if (r.minDays !== undefined) rule.minDays = r.minDays as number;
    if (r.mode !== undefined) rule.mode = r.mode as RuleMode;
    if (r.description !== undefined) rule.description = r.description as string;
    rules.push(rule);
  });
  const guards = body.guards === undefined ? undefined : checkGuards(body.guards, errors);
  const value = body.value === undefined ? undefined : checkValueCosts(body.value, errors);
  if (body.value === undefined && rules.some((r) => r.kind === 'value'))
    errors.push({
      field: 'value',
      message: "a value rule prices alarms with the policy's value costs: set unplannedFailureCost, plannedRepairCost, falseAlarmCost, minLeadTimeHours",
    });
  if (errors.length) return { ok: false, errors };
  return { ok: true, policy: { maxEvidenceAgeHours: age as number, rules, ...(guards ? { guards } : {}), ...(value ? { value } : {}) } };
}

const VALUE_KEYS = ['unplannedFailureCost', 'plannedRepairCost', 'falseAlarmCost', 'minLeadTimeHours'] as const;
/** Larger than any plausible cost, small enough that sums over a fleet stay exact in a double. */
const MAX_COST = 1e12;

/**
 * The policy's `value` costs: every field required, each a finite number ≥ 0 (≤ 1e12), the
 * minimum lead at most a year, and a planned repair that costs no more than the unplanned failure
 * (else a warning would lose money by construction). Unknown keys are refused.
 */
function checkValueCosts(raw: unknown, errors: ErrorDetail[]): ValueCosts | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ field: 'value', message: `an object with ${VALUE_KEYS.join(', ')}` });
    return undefined;
  }
  const v = raw as Record<string, unknown>;
  const before = errors.length;
  for (const key of Object.keys(v))
    if (!(VALUE_KEYS as readonly string[]).includes(key)) errors.push({ field: `value.${key}`, message: `unknown field: ${VALUE_KEYS.join(', ')}` });
  for (const key of VALUE_KEYS) {
    const x = v[key];
    const max = key === 'minLeadTimeHours' ? 24 * 366 : MAX_COST;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > max)
      errors.push({ field: `value.${key}`, message: key === 'minLeadTimeHours' ? 'hours, from 0 to one year' : `an amount from 0 to ${max}` });
  }
  if (errors.length > before) return undefined;
  const costs = Object.fromEntries(VALUE_KEYS.map((k) => [k, v[k] as number])) as unknown as ValueCosts;
  if (costs.plannedRepairCost > costs.unplannedFailureCost) {
    errors.push({
      field: 'value.plannedRepairCost',
      message: 'at most unplannedFailureCost (a planned repair that costs more than the failure makes every warning a loss)',
    });
    return undefined;
  }
  return costs;
}

const GUARD_KEYS = ['envelope', 'alarmRate'];

/**
 * The policy's `guards` section: each guard optional, each number in a range that can work —
 * a trailing period of 1–90 days, k ≥ 1 (a live rate below the evaluated one is no breach) and at
 * least 30 windows (fewer give Wilson bounds too wide to ever breach). Unknown keys are refused.
 */
function checkGuards(raw: unknown, errors: ErrorDetail[]): GuardsDefinition | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ field: 'guards', message: 'an object with envelope and/or alarmRate' });
    return undefined;
  }
  const g = raw as Record<string, unknown>;
  for (const key of Object.keys(g))
    if (!GUARD_KEYS.includes(key)) errors.push({ field: `guards.${key}`, message: `unknown guard: one of ${GUARD_KEYS.join(', ')}` });
  const out: GuardsDefinition = {};
  const section = (key: string): Record<string, unknown> | null => {
    const v = g[key];
    if (v === undefined) return null;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      errors.push({ field: `guards.${key}`, message: 'an object' });
      return null;
    }
    return v as Record<string, unknown>;
  };
  const number = (key: string, s: Record<string, unknown>, field: string, ok: (x: number) => boolean, message: string): number | null => {
    const x = s[field];
    if (typeof x === 'number' && Number.isFinite(x) && ok(x)) return x;
    errors.push({ field: `guards.${key}.${field}`, message });
    return null;
  };
  const extra = (key: string, s: Record<string, unknown>, known: string[]) => {
    for (const f of Object.keys(s)) if (!known.includes(f)) errors.push({ field: `guards.${key}.${f}`, message: `unknown field: ${known.join(', ')}` });
  };
  const envelope = section('envelope');
  if (envelope) {
    extra('envelope', envelope, ['trailingDays']);
    const days = number('envelope', envelope, 'trailingDays', (x) => x >= 1 && x <= 90, 'a number of days from 1 to 90');
    if (days !== null) out.envelope = { trailingDays: days };
  }
  const alarmRate = section('alarmRate');
  if (alarmRate) {
    extra('alarmRate', alarmRate, ['k', 'minWindows']);
    const k = number('alarmRate', alarmRate, 'k', (x) => x >= 1 && x <= 100, 'a multiple of the evaluated rate from 1 to 100');
    const minWindows = number('alarmRate', alarmRate, 'minWindows', (x) => Number.isInteger(x) && x >= 30 && x <= 100_000, 'an integer from 30 to 100000');
    if (k !== null && minWindows !== null) out.alarmRate = { k, minWindows };
  }
  return out;
}

/** "≥ 0.9" / "≤ 3": how a rule's threshold reads. */
export function thresholdText(rule: PolicyRule): string {
  return `${RULE_DIRECTION[rule.kind] === 'min' ? '≥' : '≤'} ${rule.threshold}`;
}
