import { Module } from '@nestjs/common';
import { ConfigModule } from '@fleetgate/config';
import { DbModule } from '@fleetgate/db';
import { AuditModule } from '@fleetgate/audit';
import { QueueModule } from '@fleetgate/queue';
import { EvaluationWorkerModule } from '@fleetgate/evaluation';

/** Stateless BullMQ processors; run as many as you like against one Redis and one database. */
@Module({
  imports: [ConfigModule, DbModule.forRoot({ migrate: true }), AuditModule, QueueModule.forRoot(), EvaluationWorkerModule],
})
export class WorkerModule {}
