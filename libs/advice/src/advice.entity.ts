import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { EvaluationRunEntity } from '@fleetgate/evaluation';

/** queued → training (the worker trains and registers the variants) → evaluating (their runs) → done | failed. */
export type AdviceStatus = 'queued' | 'training' | 'evaluating' | 'done' | 'failed';

@Entity('evaluation_advice')
@Index('idx_evaluation_advice_run', ['runId'])
export class AdviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'run_id', type: 'varchar', length: 36 }) runId!: string;
  @Column({ type: 'varchar', length: 20 }) status!: AdviceStatus;
  @Column({ name: 'requested_by', type: 'varchar', length: 200 }) requestedBy!: string;
  /** JSON `AdviceOptions`. */
  @Column({ type: 'text' }) options!: string;
  /** JSON `RemedyState[]`. */
  @Column({ type: 'text' }) remedies!: string;
  /** JSON `AdviceSummary`. */
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;
  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: bigintNumber }) finishedAt!: number | null;

  @ManyToOne(() => EvaluationRunEntity) @JoinColumn({ name: 'run_id' }) run?: EvaluationRunEntity;
}
