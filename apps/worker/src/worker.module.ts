import { Module } from '@nestjs/common';
import { AdviceWorkerModule } from '@fleetgate/advice';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { EvaluationWorkerModule } from '@fleetgate/evaluation';
import { QueueModule } from '@fleetgate/queue';
import { LoggingModule } from '@fleetgate/logging';
import { MetricsModule } from '@fleetgate/metrics';
import { ScoringWorkerModule } from '@fleetgate/scoring';
import { RawRetentionScheduler, TelemetryModule } from '@fleetgate/telemetry';
import { WebhooksWorkerModule } from '@fleetgate/webhooks';
import { EvaluationProcessor } from './evaluation.processor';
import { ScoringProcessor } from './scoring.processor';
import { WebhookProcessor } from './webhook.processor';

/**
 * Stateless BullMQ processors; run as many as you like against one Redis and one database.
 * The processor opens its own Redis connection to consume; the reconciler re-creates, through
 * the shared queue connection, the jobs the database implies and Redis lost.
 */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    MetricsModule,
    DbModule.forRoot({ migrate: true }),
    AuditModule,
    QueueModule.forRoot(),
    EvaluationWorkerModule,
    ScoringWorkerModule,
    WebhooksWorkerModule,
    AdviceWorkerModule,
    TelemetryModule,
  ],
  // The raw retention runs in the workers (FLEETGATE_RAW_RETENTION_DAYS; off by default).
  providers: [EvaluationProcessor, ScoringProcessor, WebhookProcessor, RawRetentionScheduler],
})
export class WorkerModule {}
