export { CANONICAL_SIGNALS, SIGNAL_SPECS } from './signal-catalog.util';
export type { CanonicalSignal, TagConvention } from './signal-catalog.util';
export {
  planFleet,
  defaultHistoryEnd,
  DEFAULT_END_DAYS_AGO,
  DEFAULT_LABEL_SHARE,
  DEFAULT_START_MS,
  KIND_SHARES,
  PLANTED_KINDS,
  SAMPLE_INTERVAL_MS,
} from './fleet-plan.util';
export { REGIME_SETPOINTS } from './planted-kinds.util';
export { generateMachine, type GenerateOptions } from './machine-generator.util';
export { fleetTruth, inDomainFor, DOMAIN_RULE } from './fleet-truth.util';
export type {
  Criticality,
  CouplingTruth,
  DowntimeReason,
  DowntimeTruth,
  FailureComponent,
  FailureTruth,
  FleetOptions,
  FleetPlan,
  FleetTruth,
  GeneratedMachine,
  HealthyParams,
  MachineEvent,
  MachineModelCode,
  MachinePlan,
  MachineTruth,
  MaintenanceComponent,
  PlantedKind,
  RegimesTruth,
  SampleCounts,
  SensorFaultKind,
  SensorFaultTruth,
  SignalDomain,
  SitePlan,
} from './simulator.types';
export { WORKS_RULE, WORKS_RULE_TEXT, type WorksRule } from './grading/works-rule';
export { ageBandOf, gradeMachine, gradeScope, SEGMENT_DIMENSIONS } from './grading/grade.util';
export type { Confusion, MachineGrade, Placement, Ratio, ResultToGrade, ScopeGrade, SegmentDimension } from './grading/grade.util';
