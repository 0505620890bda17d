import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { loggerParams } from './logger.options';

/**
 * Structured logs for an app: import in its root module, create the app with
 * `bufferLogs: true`, then `app.useLogger(app.get(Logger))` (Logger from nestjs-pino).
 */
@Module({
  imports: [LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerParams(config) })],
})
export class LoggingModule {}
