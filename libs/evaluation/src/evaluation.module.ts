import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FleetModule } from '@fleetgate/fleet';
import { QueueModule } from '@fleetgate/queue';
import { TelemetryModule } from '@fleetgate/telemetry';
import { EvaluationRunEntity } from './run/evaluation-run.entity';
import { EvaluationRunService } from './run/evaluation-run.service';
import { EvaluationWorker } from './run/evaluation.worker';
import { MachineEvaluationEntity } from './run/machine-evaluation.entity';
import { MachineEvaluator } from './run/machine-evaluator.service';
import { ModelLoader } from './run/model-loader';
import { RunAggregator } from './run/run-aggregator.service';

const entities = TypeOrmModule.forFeature([EvaluationRunEntity, MachineEvaluationEntity]);

/** The api side: start, follow, cancel runs (enqueues only). */
@Module({
  imports: [entities, QueueModule.forRoot(), FleetModule, TelemetryModule],
  providers: [EvaluationRunService, ModelLoader],
  exports: [EvaluationRunService],
})
export class EvaluationModule {}

/** The worker side: processes evaluate-machine and aggregate-run jobs. */
@Module({
  imports: [entities, FleetModule, TelemetryModule],
  providers: [ModelLoader, MachineEvaluator, RunAggregator, EvaluationWorker],
})
export class EvaluationWorkerModule {}
