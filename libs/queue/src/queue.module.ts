import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { EVALUATION_QUEUE } from './jobs';
import { QueueErrorLogger } from './queue-errors.provider';
import { redisOptions } from './redis.util';

@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redisUrl), prefix: config.queuePrefix }),
        }),
        BullModule.registerQueue({ name: EVALUATION_QUEUE }),
        BullModule.registerFlowProducer({ name: EVALUATION_QUEUE }),
      ],
      providers: [QueueErrorLogger],
      exports: [BullModule],
    };
  }
}
