import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

export type WebhookStatus = 'active' | 'paused';

@Entity('webhooks')
export class WebhookEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'text' }) url!: string;
  /** JSON array of event types. */
  @Column({ type: 'text' }) events!: string;
  /** Kept to sign deliveries; never returned by the api, never logged. */
  @Column({ type: 'text' }) secret!: string;
  @Column({ type: 'varchar', length: 20 }) status!: WebhookStatus;
  @Column({ name: 'paused_reason', type: 'text', nullable: true }) pausedReason!: string | null;
  @Column({ name: 'paused_at', type: 'bigint', nullable: true, transformer: bigintNumber }) pausedAt!: number | null;
  @Column({ name: 'next_seq', type: 'integer', default: 0 }) nextSeq!: number;
  @Column({ name: 'created_by', type: 'varchar', length: 200 }) createdBy!: string;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;
}

/** The per-hook outbox: one row per event per subscribed hook, delivered in `seq` order. */
@Entity('webhook_events')
@Unique('uq_webhook_events_hook_seq', ['hookId', 'seq'])
@Index('idx_webhook_events_hook_status_seq', ['hookId', 'status', 'seq'])
export class WebhookEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'hook_id', type: 'varchar', length: 36 }) hookId!: string;
  @Column({ type: 'integer' }) seq!: number;
  @Column({ type: 'varchar', length: 60 }) type!: string;
  /** JSON text. */
  @Column({ type: 'text' }) payload!: string;
  @Column({ type: 'varchar', length: 20 }) status!: 'pending' | 'delivered';
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'next_attempt_at', type: 'bigint', nullable: true, transformer: bigintNumber }) nextAttemptAt!: number | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'delivered_at', type: 'bigint', nullable: true, transformer: bigintNumber }) deliveredAt!: number | null;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;

  @ManyToOne(() => WebhookEntity) @JoinColumn({ name: 'hook_id' }) hook?: WebhookEntity;
}

/** One delivery attempt, as the delivery log shows it. */
@Entity('webhook_deliveries')
@Index('idx_webhook_deliveries_hook_at', ['hookId', 'attemptedAt'])
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'hook_id', type: 'varchar', length: 36 }) hookId!: string;
  @Column({ name: 'event_id', type: 'varchar', length: 36 }) eventId!: string;
  @Column({ type: 'integer' }) seq!: number;
  @Column({ type: 'varchar', length: 60 }) type!: string;
  @Column({ type: 'integer' }) attempt!: number;
  @Column({ type: 'varchar', length: 20 }) outcome!: 'delivered' | 'failed';
  @Column({ name: 'http_status', type: 'integer', nullable: true }) httpStatus!: number | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ name: 'duration_ms', type: 'integer' }) durationMs!: number;
  @Column({ name: 'attempted_at', type: 'bigint', transformer: bigintNumber }) attemptedAt!: number;

  @ManyToOne(() => WebhookEntity) @JoinColumn({ name: 'hook_id' }) hook?: WebhookEntity;
  @ManyToOne(() => WebhookEventEntity) @JoinColumn({ name: 'event_id' }) event?: WebhookEventEntity;
}
