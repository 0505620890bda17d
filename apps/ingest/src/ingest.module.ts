import { Module } from '@nestjs/common';
import { AuditModule } from '@fleetgate/audit';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { TelemetryModule } from '@fleetgate/telemetry';
import { LoggingModule } from '@fleetgate/logging';
import { MetricsModule } from '@fleetgate/metrics';
import { MqttSubscriber } from './mqtt-subscriber';

/** One MQTT subscriber committing each message before it is acknowledged; see README.md. */
@Module({
  imports: [ConfigModule, LoggingModule, MetricsModule, DbModule.forRoot({ migrate: true }), AuditModule, TelemetryModule],
  providers: [MqttSubscriber],
})
export class IngestModule {}
