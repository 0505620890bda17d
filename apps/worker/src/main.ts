import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@fleetgate/config';
import { WorkerModule } from './worker.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1) });
  app.enableShutdownHooks();
  new Logger('Worker').log({ msg: 'worker started', pid: process.pid, concurrency: config.workerConcurrency });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? 'configuration error: ' : ''}${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
