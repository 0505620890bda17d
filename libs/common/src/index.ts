export * from './series';
export * from './app.exception';
export * from './canonical-json.util';
export * from './duration.util';
export * from './time.util';
export * from './bigint.transformer';
export * from './actor';
