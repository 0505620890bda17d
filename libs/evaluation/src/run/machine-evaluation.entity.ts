import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { EvaluationRunEntity } from './evaluation-run.entity';

export type MachineResultStatus = 'pending' | 'done' | 'failed';

/** One machine's result in one run; (run, machine) is the key, so a replayed job overwrites, never duplicates. */
@Entity('machine_evaluations')
@Index(['runId', 'status'])
export class MachineEvaluationEntity {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 36 }) runId!: string;
  @PrimaryColumn({ name: 'machine_id', type: 'varchar', length: 36 }) machineId!: string;
  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => EvaluationRunEntity, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'run_id' }) run?: EvaluationRunEntity;
  @Column({ name: 'asset_id', type: 'varchar', length: 200 }) assetId!: string;
  /** `pending` from the start of the run until a worker writes the result. */
  @Column({ type: 'varchar', length: 20 }) status!: MachineResultStatus;
  @Column({ type: 'varchar', length: 30, nullable: true }) verdict!: string | null;
  /** Canonical JSON of the MachineAssessment (non-finite numbers encoded as strings). */
  @Column({ type: 'text', nullable: true }) result!: string | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintNumber }) updatedAt!: number;
}
