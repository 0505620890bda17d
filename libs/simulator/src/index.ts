export { CANONICAL_SIGNALS, SIGNAL_SPECS } from './signal-catalog.util';
export type { CanonicalSignal, TagConvention } from './signal-catalog.util';
export { planFleet, DEFAULT_START_MS, SAMPLE_INTERVAL_MS } from './fleet-plan.util';
export { generateMachine } from './machine-generator.util';
export { fleetTruth, inDomainFor, DOMAIN_RULE } from './fleet-truth.util';
export type {
  Criticality,
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
  SampleCounts,
  SensorFaultKind,
  SensorFaultTruth,
  SignalDomain,
  SitePlan,
} from './simulator.types';
