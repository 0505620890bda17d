import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookDeliveryEntity, WebhookEntity, WebhookEventEntity } from './webhook.entity';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookRepository } from './webhook.repository';
import { WebhookService } from './webhook.service';

const ENTITIES = [WebhookEntity, WebhookEventEntity, WebhookDeliveryEntity];

/** The api side: register, list, pause/resume hooks and read their delivery log. */
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES)],
  providers: [WebhookRepository, WebhookService],
  exports: [WebhookService],
})
export class WebhooksModule {}

/** The worker side: the sweep that enqueues each hook's head event, and the delivery itself. The app configures the queue. */
@Module({
  imports: [TypeOrmModule.forFeature(ENTITIES)],
  providers: [WebhookRepository, WebhookDispatcher],
  exports: [WebhookDispatcher],
})
export class WebhooksWorkerModule {}
