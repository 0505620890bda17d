import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

export type StreamEventType = 'evaluation-progress' | 'health-changed' | 'alarm-raised' | 'alarm-suppressed' | 'alarm-cleared' | 'alarm-acknowledged';

/**
 * The outbox of the event stream: written in the same transaction as the change it announces
 * (by any worker or api process), served by the api in id order; the id is the SSE event id,
 * so `Last-Event-ID` resumes exactly after the last event a client saw.
 */
@Entity('stream_events')
export class StreamEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @Column({ type: 'varchar', length: 40 }) type!: StreamEventType;
  /** The site the event belongs to (plant managers see their sites' events only); null = fleet-wide. */
  @Column({ type: 'varchar', length: 200, nullable: true }) site!: string | null;
  @Column({ name: 'machine_id', type: 'varchar', length: 36, nullable: true }) machineId!: string | null;
  /** JSON text. */
  @Column({ type: 'text' }) payload!: string;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;
}
