/** The kinds of rule a gate policy can hold; each reads the machines of the requested scope. */
export const RULE_KINDS = [
  'evaluated-share',
  'generalizes-share',
  'max-borderline-share',
  'median-usable-fraction',
  'psi-share',
  'recall',
  'recall-lower-bound',
  'worst-segment-alarm-ratio',
  'min-labelled-failures',
  'min-machines-per-segment',
  'shadow',
  'value',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface PolicyRule {
  /** Stable id within the policy, e.g. "recall"; waivers name it. */
  id: string;
  kind: RuleKind;
  /** Pass when value ≥ threshold (or ≤ for the "max" kinds, see RULE_DIRECTION). */
  threshold: number;
  /** psi-share: the PSI a machine must stay under. */
  psiMax?: number;
  /** recall*: fewer labelled failures than this → insufficient-evidence. */
  minFailures?: number;
  /** worst-segment-alarm-ratio / min-machines-per-segment: which segmentation. */
  dimension?: 'machineModel' | 'ageBand' | 'site';
  /** shadow: the days of shadow over the scope required before a production promotion (threshold: the alarm agreement). */
  minDays?: number;
  /** `advisory`: the result is reported with the others but never blocks (no waiver needed); default `blocking`. */
  mode?: RuleMode;
  description?: string;
}

export const RULE_MODES = ['blocking', 'advisory'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

/**
 * What alarms are worth, in the policy's currency (the `value` rule and the net-value report price
 * the evaluation's counts with them). Net value per 1,000 machine-hours against running to failure =
 * 1000 × (failures detected at least `minLeadTimeHours` ahead × (unplanned − planned) − false alarms ×
 * falseAlarmCost) / machine-hours.
 */
export interface ValueCosts {
  /** An unplanned failure: repair, lost production, secondary damage. */
  unplannedFailureCost: number;
  /** The same failure repaired as planned work, thanks to the warning. */
  plannedRepairCost: number;
  /** A false alarm: the inspection it sends someone to do. */
  falseAlarmCost: number;
  /** A warning shorter than this (hours) cannot turn the failure into planned work. */
  minLeadTimeHours: number;
}

export interface PolicyDefinition {
  rules: PolicyRule[];
  /** Evidence older than this (hours) is refused. */
  maxEvidenceAgeHours: number;
  /** What production holds each deployment approved under this version to (absent: no guards, e.g. default@1). */
  guards?: GuardsDefinition;
  /** The costs the `value` rule prices alarms with (required when the policy has one). */
  value?: ValueCosts;
}

/** The guards a policy version gives its deployments (see the gate README, "Guards"). */
export interface GuardsDefinition {
  /** The evaluation's domain check, recomputed over the trailing `trailingDays` of healthy data. */
  envelope?: { trailingDays: number };
  /** Breached when the 95 % Wilson lower bound of the live healthy alarm rate, over at least `minWindows` windows, exceeds k × the evaluated rate. */
  alarmRate?: { k: number; minWindows: number };
}

export const GUARD_RULES = ['envelope', 'alarm-rate'] as const;
export type GuardRule = (typeof GUARD_RULES)[number];

export const RULE_DIRECTION: Record<RuleKind, 'min' | 'max'> = {
  'evaluated-share': 'min',
  'generalizes-share': 'min',
  'max-borderline-share': 'max',
  'median-usable-fraction': 'min',
  'psi-share': 'min',
  recall: 'min',
  'recall-lower-bound': 'min',
  'worst-segment-alarm-ratio': 'max',
  'min-labelled-failures': 'min',
  'min-machines-per-segment': 'min',
  shadow: 'min',
  // Passes only strictly above the threshold (comparison '>'): a net value of 0 is no value.
  value: 'min',
};

/**
 * What the `shadow` rule reads: the candidate's shadows that cover machines of the requested
 * scope. `null`: the request is not for production, so the rule does not apply.
 */
export interface ShadowEvidence {
  /** Days from the start of the oldest shadow covering every scope machine to its stop (or now); 0 when none covers all. */
  days: number;
  /** Scope machines with at least one window compared. */
  machinesCompared: number;
  windows: number;
  /** (both + neither) / windows over the scope; null without windows. */
  agreement: number | null;
}

export type RuleOutcome = 'pass' | 'fail' | 'insufficient-evidence';

export interface RuleResult {
  id: string;
  kind: RuleKind;
  value: number | null;
  threshold: number;
  comparison: '>=' | '<=' | '>';
  outcome: RuleOutcome;
  detail: string;
  /** Present (true) on an advisory rule's result: reported, never blocking. */
  advisory?: true;
}

/** One machine of the scope as the gate sees it (from the evidence run's per-machine results). */
export interface ScopeMachine {
  assetId: string;
  machineModel: string;
  ageBand: string;
  site: string;
  evaluated: boolean;
  verdict: string | null;
  usableFraction: number | null;
  medianPsi: number | null;
  alarmRateRatio: number | null;
  failures: number;
  detected: number;
  /**
   * The evaluation's value counts (`MachineAssessment.value`); null or absent when the machine was
   * not evaluated or its assessment predates them (the `value` rule is then insufficient evidence).
   */
  value?: ValueCounts | null;
}

/** One machine's value counts, as the evaluation stores them. */
export interface ValueCounts {
  failures: number;
  leadTimesHours: number[];
  falseAlarms: number;
  machineHours: number;
}
