import { GuardsDefinition, PolicyDefinition, PolicyRule, ValueCosts } from './policy.types';

/**
 * The policy that ships. Each threshold, and where it comes from, is explained in the
 * lib's README; change them by creating a new policy version through the API.
 */
export const DEFAULT_POLICY_NAME = 'default';

export const DEFAULT_POLICY: PolicyDefinition = {
  maxEvidenceAgeHours: 24 * 30,
  rules: [
    { id: 'evaluated', kind: 'evaluated-share', threshold: 0.9, description: 'at least 90 % of the scope machines were evaluated' },
    { id: 'usable-windows', kind: 'median-usable-fraction', threshold: 0.8, description: 'median usable-window fraction at least 0.8' },
    {
      id: 'in-envelope',
      kind: 'generalizes-share',
      threshold: 0.9,
      description: 'at least 90 % of evaluated scope machines generalize (inside the pilot envelope, no degraded performance)',
    },
    { id: 'recall', kind: 'recall', threshold: 0.7, minFailures: 5, description: 'pooled recall on labelled failures at least 0.7' },
    { id: 'recall-lower-bound', kind: 'recall-lower-bound', threshold: 0.5, minFailures: 5, description: 'lower 95 % Wilson bound of recall at least 0.5' },
    {
      id: 'alarm-rate',
      kind: 'worst-segment-alarm-ratio',
      threshold: 3,
      dimension: 'machineModel',
      description: "no machine-model segment's median healthy alarm rate above 3× the pilot's",
    },
    {
      id: 'segment-size',
      kind: 'min-machines-per-segment',
      threshold: 3,
      dimension: 'machineModel',
      description: 'every machine model in scope has at least 3 machines',
    },
  ],
};

/**
 * At most 10 % of the evaluated scope machines borderline (undecided: a domain interval straddles
 * a bound). `generalizes-share` leaves borderline machines out of its denominator; this rule keeps
 * a scope from passing on the few decided machines while most are undecided. Not part of
 * `DEFAULT_POLICY` (default@1 is frozen, see its spec): it ships in the next version of `default`,
 * written as `proposed` by a migration and approved by a second person.
 */
export const BORDERLINE_RULE: PolicyRule = {
  id: 'borderline',
  kind: 'max-borderline-share',
  threshold: 0.1,
  description: 'at most 10 % of evaluated scope machines borderline (undecided between in and out of the pilot envelope)',
};

/**
 * The guards that ship: the envelope over the trailing 7 days (one week holds every day of a
 * weekly duty cycle; with fewer day blocks than the evaluation's `borderline.minBlocks` the point
 * estimate decides, as it does in the evaluation), the alarm rate at 3 × the evaluated rate (the gate's own alarm-rate rule) over at
 * least 100 windows. Not part of default@1 (frozen): they arrive in `default`'s next version,
 * written `proposed` by the guards migration, so a second person approves them.
 */
export const DEFAULT_GUARDS: GuardsDefinition = {
  envelope: { trailingDays: 7 },
  alarmRate: { k: 3, minWindows: 100 },
};

/**
 * `default`'s next version as the guards migration writes it (`proposed`): default@1's rules, the
 * borderline rule (above) and the guards.
 */
export const DEFAULT_POLICY_WITH_GUARDS: PolicyDefinition = {
  ...DEFAULT_POLICY,
  rules: [...DEFAULT_POLICY.rules, BORDERLINE_RULE],
  guards: DEFAULT_GUARDS,
};

/**
 * Placeholder costs that ship with the value rule (see the README, "What a model is worth"): an
 * unplanned failure 50,000, the same failure as planned repair 10,000, an inspection after a
 * false alarm 500, and 24 h of warning needed to plan the repair. They are orders of magnitude for
 * an industrial pump, not anyone's figures: a team sets its own in a new policy version.
 */
export const DEFAULT_VALUE_COSTS: ValueCosts = {
  unplannedFailureCost: 50_000,
  plannedRepairCost: 10_000,
  falseAlarmCost: 500,
  minLeadTimeHours: 24,
};

/**
 * The model pays for itself: the lower 95 % bootstrap bound of its net value per 1,000
 * machine-hours is above 0, on at least 5 labelled failures. Advisory: reported with every
 * request, never blocking, until a team has set its own costs and chooses to make it block.
 * Arrives in `default`'s next version, written `proposed` by the value migration.
 */
export const VALUE_RULE: PolicyRule = {
  id: 'value',
  kind: 'value',
  threshold: 0,
  minFailures: 5,
  mode: 'advisory',
  description: 'lower 95 % bootstrap bound of the net value per 1,000 machine-hours above 0 (advisory: placeholder costs until the team sets its own)',
};

/**
 * `default`'s next version as the value migration writes it on an installation whose newest
 * `default` is the shipped guards version: that definition, the value rule and the placeholder costs.
 */
export const DEFAULT_POLICY_WITH_VALUE: PolicyDefinition = {
  ...DEFAULT_POLICY_WITH_GUARDS,
  rules: [...DEFAULT_POLICY_WITH_GUARDS.rules, VALUE_RULE],
  value: DEFAULT_VALUE_COSTS,
};
