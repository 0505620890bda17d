import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@fleetgate/audit';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { FleetModule } from '@fleetgate/fleet';
import { RegistryModule } from '@fleetgate/registry';
import { TelemetryModule } from '@fleetgate/telemetry';

/** The services the in-process steps read through: the same store the worker reads. */
@Module({
  imports: [ConfigModule, DbModule.forRoot({ migrate: false }), AuditModule, FleetModule, TelemetryModule, RegistryModule],
})
export class BenchModule {}

const CONFIG_VARIABLES = ['DATABASE_URL', 'DATABASE_SCHEMA', 'FLEETGATE_DATA_DIR', 'REDIS_URL', 'FLEETGATE_QUEUE_PREFIX'];

/**
 * A Nest application context on the database a pipeline ran against. Config is read from
 * process.env when the context boots, so the bench's own environment is pointed at that
 * database for the duration.
 */
export async function openContext(env: NodeJS.ProcessEnv): Promise<INestApplicationContext> {
  for (const name of CONFIG_VARIABLES) {
    if (env[name] === undefined) delete process.env[name];
    else process.env[name] = env[name];
  }
  return NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
}
