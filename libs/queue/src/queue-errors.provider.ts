import { InjectFlowProducer, InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { FlowProducer, Queue } from 'bullmq';
import { EVALUATION_QUEUE, SCORING_QUEUE, WEBHOOK_QUEUE } from './jobs';

/**
 * BullMQ re-emits Redis connection errors (e.g. a connection closed while it was still
 * starting, at shutdown) on the Queue and FlowProducer; an EventEmitter error without a
 * listener would crash the process. Log them instead: the next call reports a real failure.
 */
@Injectable()
export class QueueErrorLogger {
  private readonly logger = new Logger('Queue');

  constructor(
    @InjectQueue(EVALUATION_QUEUE) evaluation: Queue,
    @InjectQueue(SCORING_QUEUE) scoring: Queue,
    @InjectQueue(WEBHOOK_QUEUE) webhooks: Queue,
    @InjectFlowProducer(EVALUATION_QUEUE) flows: FlowProducer,
  ) {
    // Every queue this module registers: one without a listener is enough to crash the process.
    for (const q of [evaluation, scoring, webhooks])
      q.on('error', (error: Error) => this.logger.warn({ msg: 'redis connection error', queue: q.name, error: error.message }));
    flows.on('error', (error: Error) => this.logger.warn({ msg: 'redis connection error', queue: EVALUATION_QUEUE, error: error.message }));
  }
}
