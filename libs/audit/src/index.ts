export * from './audit-event.entity';
export * from './audit-chain.util';
export * from './audit.service';
export * from './audit.module';
