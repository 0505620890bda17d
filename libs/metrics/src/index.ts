export * from './registry';
export * from './metrics';
export * from './route-label.util';
export * from './metrics.server';
export * from './metrics.module';
