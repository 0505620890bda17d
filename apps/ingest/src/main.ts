import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@fleetgate/config';
import { IngestModule } from './ingest.module';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug'];

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(IngestModule, { logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1) });
  app.enableShutdownHooks();
  new Logger('Ingest').log({ msg: 'ingest started', pid: process.pid, clientId: config.mqttClientId, topic: `${config.mqttTopicPrefix}/+` });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? 'configuration error: ' : ''}${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
