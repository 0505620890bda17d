import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { AuthGuard, AuthModule } from '@fleetgate/auth';
import { QueueModule } from '@fleetgate/queue';
import { HealthController } from './health/health.controller';
import { AuditController } from './audit/audit.controller';
import { UsersController } from './users/users.controller';
import { FleetModule } from '@fleetgate/fleet';
import { SitesController } from './fleet/sites.controller';
import { MachinesController } from './fleet/machines.controller';
import { MachineBaselinesController } from './fleet/machine-baselines.controller';
import { FleetImportController } from './fleet/fleet-import.controller';
import { MappingController } from './fleet/mapping.controller';
import { SignalsController } from './fleet/signals.controller';
import { RegistryModule } from '@fleetgate/registry';
import { ModelsController, ModelVersionsController } from './models/models.controller';
import { EvaluationModule } from '@fleetgate/evaluation';
import { EvaluationsController } from './evaluations/evaluations.controller';
import { TelemetryModule } from '@fleetgate/telemetry';
import { QualityController } from './telemetry/quality.controller';
import { IngestStatusController } from './telemetry/ingest-status.controller';
import { MachineEventsController } from './telemetry/machine-events.controller';
import { GateModule } from '@fleetgate/gate';
import { AdviceModule } from '@fleetgate/advice';
import { GatePoliciesController } from './gate/gate-policies.controller';
import { PromotionsController } from './gate/promotions.controller';
import { CoverageController } from './gate/coverage.controller';
import { DeploymentsController } from './gate/deployments.controller';
import { EvidenceController } from './gate/evidence.controller';
import { NetValueController } from './gate/net-value.controller';
import { AdviceController } from './evaluations/advice.controller';
import { LoggingModule } from '@fleetgate/logging';
import { MetricsModule } from '@fleetgate/metrics';
import { AdminSessionController } from './admin/admin-session.controller';
import { QueueBoard } from './admin/queue-board';
import { ReadinessService } from './health/readiness.service';
import { OpsMetricsCollector } from './ops/ops-metrics.collector';
import { ScoringModule } from '@fleetgate/scoring';
import { FleetHealthController } from './scoring/fleet-health.controller';
import { MachineHealthController } from './scoring/machine-health.controller';
import { AlarmsController } from './scoring/alarms.controller';
import { MaintenanceController } from './scoring/maintenance.controller';
import { ScoringRoundsController } from './scoring/scoring-rounds.controller';
import { ShadowsController } from './scoring/shadows.controller';
import { StreamController } from './scoring/stream.controller';
import { WebhooksModule } from '@fleetgate/webhooks';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    MetricsModule,
    DbModule.forRoot({ migrate: true }),
    AuditModule,
    AuthModule,
    QueueModule.forRoot(),
    FleetModule,
    RegistryModule,
    EvaluationModule,
    TelemetryModule,
    GateModule,
    AdviceModule,
    ScoringModule,
    WebhooksModule,
  ],
  controllers: [
    HealthController,
    AuditController,
    UsersController,
    SitesController,
    MachinesController,
    MachineBaselinesController,
    FleetImportController,
    MappingController,
    SignalsController,
    ModelsController,
    ModelVersionsController,
    EvaluationsController,
    QualityController,
    IngestStatusController,
    MachineEventsController,
    GatePoliciesController,
    PromotionsController,
    CoverageController,
    DeploymentsController,
    EvidenceController,
    NetValueController,
    AdviceController,
    AdminSessionController,
    FleetHealthController,
    MachineHealthController,
    AlarmsController,
    MaintenanceController,
    ScoringRoundsController,
    ShadowsController,
    StreamController,
    WebhooksController,
  ],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }, ReadinessService, OpsMetricsCollector, QueueBoard],
})
export class AppModule {}
