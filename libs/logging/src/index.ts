export * from './redact.util';
export * from './logger.options';
export * from './request-id.middleware';
export * from './logging.module';
export { Logger as PinoNestLogger } from 'nestjs-pino';
