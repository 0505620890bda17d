import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

@Entity('audit_events')
@Index(['action'])
@Index(['subject'])
export class AuditEventEntity {
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  at!: number;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  /** Canonical JSON text exactly as hashed — never re-serialised. */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** Hash encoding (see `eventHash`): 1 = fields joined by newlines (older events), 2 = JSON array. */
  @Column({ type: 'integer', default: 1 })
  format!: number;
}
