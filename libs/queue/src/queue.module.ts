import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { EVALUATION_QUEUE, SCORING_QUEUE, WEBHOOK_QUEUE } from './jobs';
import { QueueErrorLogger } from './queue-errors.provider';
import { redisOptions } from './redis.util';

/**
 * The queue connection, configured once by each app that enqueues (`QueueModule.forRoot()` in
 * its root module) and visible to every lib module that injects a queue or flow producer.
 */
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redisUrl), prefix: config.queuePrefix }),
        }),
        BullModule.registerQueue({ name: EVALUATION_QUEUE }),
        BullModule.registerQueue({ name: SCORING_QUEUE }),
        BullModule.registerQueue({ name: WEBHOOK_QUEUE }),
        BullModule.registerFlowProducer({ name: EVALUATION_QUEUE }),
      ],
      providers: [QueueErrorLogger],
      exports: [BullModule],
    };
  }
}
