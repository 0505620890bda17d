import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@fleetgate/config';
import { PinoNestLogger } from '@fleetgate/logging';
import { IngestModule } from './ingest.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(IngestModule, { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  new Logger('Ingest').log({ msg: 'ingest started', pid: process.pid, clientId: config.mqttClientId, topic: `${config.mqttTopicPrefix}/+` });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? 'configuration error: ' : ''}${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
