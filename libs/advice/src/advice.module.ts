import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EvaluationStoreModule, EvaluationWorkerModule } from '@fleetgate/evaluation';
import { FleetModule } from '@fleetgate/fleet';
import { GateModule } from '@fleetgate/gate';
import { RegistryModule } from '@fleetgate/registry';
import { TelemetryModule } from '@fleetgate/telemetry';
import { AdviceMachines } from './advice-machines.service';
import { AdviceRunner } from './advice-runner.service';
import { AdviceEntity } from './advice.entity';
import { AdviceService } from './advice.service';
import { VariantTrainer } from './variant-trainer.service';

/** The api side: ask for advice and read it (the importing app configures the queue). */
@Module({
  imports: [TypeOrmModule.forFeature([AdviceEntity]), EvaluationStoreModule, FleetModule, RegistryModule, GateModule],
  providers: [AdviceMachines, AdviceService],
  exports: [AdviceService],
})
export class AdviceModule {}

/** The worker side: the `advise` job (trains the variants and starts their evaluation runs). */
@Module({
  imports: [TypeOrmModule.forFeature([AdviceEntity]), EvaluationStoreModule, EvaluationWorkerModule, FleetModule, RegistryModule, TelemetryModule],
  providers: [AdviceMachines, VariantTrainer, AdviceRunner],
  exports: [AdviceRunner],
})
export class AdviceWorkerModule {}
