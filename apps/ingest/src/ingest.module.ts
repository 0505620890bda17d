import { Module } from '@nestjs/common';
import { AuditModule } from '@fleetgate/audit';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { TelemetryModule } from '@fleetgate/telemetry';
import { MqttSubscriber } from './mqtt-subscriber';

/** One MQTT subscriber committing each message before it is acknowledged; see README.md. */
@Module({
  imports: [ConfigModule, DbModule.forRoot({ migrate: true }), AuditModule, TelemetryModule],
  providers: [MqttSubscriber],
})
export class IngestModule {}
