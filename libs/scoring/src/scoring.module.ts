import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EvaluationStoreModule, ModelLoader } from '@fleetgate/evaluation';
import { FleetModule } from '@fleetgate/fleet';
import { GateModule } from '@fleetgate/gate';
import { RegistryModule } from '@fleetgate/registry';
import { TelemetryModule } from '@fleetgate/telemetry';
import { AlarmEntity } from './alarm/alarm.entity';
import { AlarmRepository } from './alarm/alarm.repository';
import { AlarmRuleService } from './alarm/alarm-rule.service';
import { AlarmService } from './alarm/alarm.service';
import { GuardCheckService } from './guard/guard-check.service';
import { GuardRepository } from './guard/guard.repository';
import { FleetHealthService } from './health/fleet-health.service';
import { MachineHealthEntity } from './health/machine-health.entity';
import { MachineHistoryService } from './health/machine-history.service';
import { MaintenanceWindowEntity } from './maintenance/maintenance-window.entity';
import { MaintenanceService } from './maintenance/maintenance.service';
import { MachineScoreEntity } from './score/machine-score.entity';
import { MachineScorer } from './score/machine-scorer.service';
import { ScoringRoundService } from './score/scoring-round.service';
import { ScoringRepository } from './score/scoring.repository';
import { StreamEventEntity } from './stream/stream-event.entity';
import { StreamService } from './stream/stream.service';
import { ShadowEntity, ShadowScoreEntity } from './shadow/shadow.entity';
import { ShadowRepository } from './shadow/shadow.repository';
import { ShadowScorer } from './shadow/shadow-scorer.service';
import { ShadowService } from './shadow/shadow.service';

const ENTITIES = [MachineScoreEntity, MachineHealthEntity, AlarmEntity, MaintenanceWindowEntity, StreamEventEntity, ShadowEntity, ShadowScoreEntity];

/**
 * The api side: fleet and machine health, alarms, maintenance windows, the stream, and
 * enqueueing a round. The importing app configures the queue (`QueueModule.forRoot()`).
 */
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES), FleetModule, TelemetryModule, GateModule, RegistryModule],
  providers: [
    ScoringRepository,
    AlarmRepository,
    AlarmRuleService,
    FleetHealthService,
    MachineHistoryService,
    AlarmService,
    MaintenanceService,
    StreamService,
    ModelLoader,
    ScoringRoundService,
    ShadowRepository,
    ShadowService,
  ],
  exports: [FleetHealthService, MachineHistoryService, AlarmService, AlarmRuleService, MaintenanceService, StreamService, ScoringRoundService, ShadowService],
})
export class ScoringModule {}

/** The worker side: rounds and score-machine jobs, and the stream's publisher for evaluation progress. */
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES), FleetModule, TelemetryModule, RegistryModule, EvaluationStoreModule, GateModule],
  providers: [
    ScoringRepository,
    ModelLoader,
    MachineScorer,
    ScoringRoundService,
    StreamService,
    GuardRepository,
    GuardCheckService,
    ShadowRepository,
    ShadowScorer,
  ],
  exports: [MachineScorer, ScoringRoundService, StreamService, GuardCheckService, ShadowScorer],
})
export class ScoringWorkerModule {}
