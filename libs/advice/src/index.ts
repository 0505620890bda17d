// Pure core
export * from './advice-summary.util';
export * from './remedy-plan.util';
export * from './advice.types';
// Persistence and services (Nest)
export * from './advice.entity';
export * from './advice.exception';
export * from './advice.service';
export * from './advice-runner.service';
export * from './advice.module';
