import { Module } from '@nestjs/common';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { EvaluationWorkerModule } from '@fleetgate/evaluation';
import { EvaluationProcessor } from './evaluation.processor';

/**
 * Stateless BullMQ processors; run as many as you like against one Redis and one database.
 * The processor opens its own Redis connection (it only consumes; it enqueues nothing).
 */
@Module({
  imports: [ConfigModule, DbModule.forRoot({ migrate: true }), AuditModule, EvaluationWorkerModule],
  providers: [EvaluationProcessor],
})
export class WorkerModule {}
