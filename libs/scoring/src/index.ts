// Pure rules (no Nest, no I/O)
export * from './rules/alarm-rule.util';
export * from './rules/health-state.util';
export * from './rules/maintenance.util';
export * from './rules/precision.util';
export * from './plot/downsample.util';
export * from './shadow/shadow-agreement.util';
// Persistence and services (Nest)
export * from './scoring.exception';
export * from './score/machine-score.entity';
export * from './health/machine-health.entity';
export * from './alarm/alarm.entity';
export * from './maintenance/maintenance-window.entity';
export * from './stream/stream-event.entity';
export * from './score/machine-scorer.service';
export * from './score/scoring-round.service';
export * from './guard/guard-check.service';
export * from './health/fleet-health.service';
export * from './health/machine-history.service';
export * from './alarm/alarm.service';
export * from './alarm/alarm-rule.service';
export * from './maintenance/maintenance.service';
export * from './stream/stream.service';
export * from './shadow/shadow.entity';
export * from './shadow/shadow.exception';
export * from './shadow/shadow.service';
export * from './shadow/shadow-scorer.service';
export * from './scoring.module';
