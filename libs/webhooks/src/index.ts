// Pure parts (no Nest, no I/O)
export * from './webhook-signature.util';
export * from './webhook-url.util';
export * from './webhook-delivery.util';
// The outbox entry point every lib calls inside its own transaction
export * from './webhook-events';
// Persistence and services (Nest)
export * from './webhook.exception';
export * from './webhook.entity';
export * from './webhook.service';
export * from './webhook-dispatcher.service';
export * from './webhooks.module';
