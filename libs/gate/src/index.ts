// Pure rule engine and helpers (no Nest, no I/O)
export * from './policy.types';
export * from './rules.util';
export * from './default-policy';
export * from './policy/policy-validation.util';
export * from './scope/scope-machines.util';
export * from './coverage/coverage.util';
export * from './evidence/evidence-bundle.util';
export * from './deployment/deployment-consistency.util';
export * from './deployment/deployment-pin.util';
export * from './guard/guard.util';
// Persistence and services (Nest)
export * from './gate.exception';
export * from './policy/gate-policy.entity';
export * from './promotion/promotion.entity';
export * from './deployment/deployment.entity';
export * from './promotion/promotion.view';
export * from './policy/gate-policy.service';
export * from './promotion/promotion.service';
export * from './promotion/promotion-site-view.service';
export * from './promotion/promotion-site-view.util';
export * from './promotion/approval.service';
export * from './deployment/coverage.service';
export * from './evidence/evidence-bundle.service';
export * from './deployment/deployment-consistency.service';
export * from './deployment/baseline-reset.service';
export * from './guard/deployment-guard.service';
export * from './gate.module';
