export * from './jobs';
export * from './redis.util';
export * from './queue.module';
