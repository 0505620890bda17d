import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { AuthModule } from '@fleetgate/auth';
import { FleetModule } from '@fleetgate/fleet';
import { TelemetryModule } from '@fleetgate/telemetry';

/**
 * What operator commands need: the database and the domain services, no HTTP, no queue workers.
 * Pending migrations are applied first (as the api and worker do), except for `migrate` itself,
 * which applies them and reports which.
 */
@Module({})
export class OperatorModule {
  static forRoot(opts: { migrate: boolean }): DynamicModule {
    return {
      module: OperatorModule,
      imports: [ConfigModule, DbModule.forRoot({ migrate: opts.migrate }), AuditModule, AuthModule, FleetModule, TelemetryModule],
    };
  }
}
