import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@fleetgate/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FleetModule } from '@fleetgate/fleet';
import { RegistryModule } from '@fleetgate/registry';
import { TelemetryModule } from '@fleetgate/telemetry';
import { AssessmentPool } from './run/assessment-pool';
import { EvaluationRunEntity } from './run/evaluation-run.entity';
import { EvaluationRunService } from './run/evaluation-run.service';
import { EvaluationViewService } from './run/evaluation-view.service';
import { EvaluationReader } from './run/evaluation.reader';
import { EvaluationRepository } from './run/evaluation.repository';
import { MachineEvaluationEntity } from './run/machine-evaluation.entity';
import { MachineEvaluator } from './run/machine-evaluator.service';
import { ModelLoader } from './run/model-loader';
import { RunAggregator } from './run/run-aggregator.service';
import { RunReconciler } from './run/run-reconciler.service';

/** Stored runs and results, read-only for other libs (the gate). */
@Module({
  imports: [TypeOrmModule.forFeature([EvaluationRunEntity, MachineEvaluationEntity])],
  providers: [EvaluationRepository, EvaluationReader],
  exports: [EvaluationRepository, EvaluationReader],
})
export class EvaluationStoreModule {}

/**
 * The api side: start, follow, cancel runs (enqueues only). The importing app configures the
 * queue connection (`QueueModule.forRoot()`), and the global AuditModule.
 */
@Module({
  imports: [EvaluationStoreModule, FleetModule, TelemetryModule, RegistryModule],
  providers: [EvaluationRunService, EvaluationViewService, RunReconciler],
  exports: [EvaluationRunService, EvaluationViewService, RunReconciler],
})
export class EvaluationModule {}

/**
 * The worker side: the services the evaluate-machine and aggregate-run processors dispatch to,
 * and the reconciler (the importing app configures the queue with `QueueModule.forRoot()`).
 */
@Module({
  imports: [EvaluationStoreModule, FleetModule, TelemetryModule, RegistryModule],
  // EvaluationRunService: the advice's worker job starts the runs that try its remedies.
  providers: [
    ModelLoader,
    MachineEvaluator,
    RunAggregator,
    RunReconciler,
    EvaluationRunService,
    // Three made-up machines per thread at start-up (`AssessmentPool.warmUp`): the first evaluation runs compiled code.
    { provide: AssessmentPool, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new AssessmentPool(config.assessmentThreads, undefined, 3) },
  ],
  exports: [MachineEvaluator, RunAggregator, RunReconciler, EvaluationRunService],
})
export class EvaluationWorkerModule {}
