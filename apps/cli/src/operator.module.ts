import { Module } from '@nestjs/common';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { AuthModule } from '@fleetgate/auth';
import { FleetModule } from '@fleetgate/fleet';
import { TelemetryModule } from '@fleetgate/telemetry';

/** What operator commands need: the database and the domain services, no HTTP, no queue workers. */
@Module({
  imports: [ConfigModule, DbModule.forRoot({ migrate: false }), AuditModule, AuthModule, FleetModule, TelemetryModule],
})
export class OperatorModule {}
