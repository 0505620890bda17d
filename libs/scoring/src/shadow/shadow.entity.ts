import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { MachineEntity } from '@fleetgate/fleet';
import { ModelVersionEntity } from '@fleetgate/registry';

/** A candidate version scored alongside production on a set of machines, from `createdAt` until `stoppedAt`. */
@Entity('shadows')
@Index('idx_shadows_model_version', ['modelVersionId'])
export class ShadowEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'model_version_id', type: 'varchar', length: 36 }) modelVersionId!: string;
  /** JSON array of machine ids. */
  @Column({ name: 'machine_ids', type: 'text' }) machineIds!: string;
  @Column({ name: 'created_by', type: 'varchar', length: 200 }) createdBy!: string;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;
  @Column({ name: 'stopped_at', type: 'bigint', nullable: true, transformer: bigintNumber }) stoppedAt!: number | null;

  @ManyToOne(() => ModelVersionEntity) @JoinColumn({ name: 'model_version_id' }) modelVersion?: ModelVersionEntity;
}

/** One window both versions scored: production's score and alarm state beside the candidate's. */
@Entity('shadow_scores')
export class ShadowScoreEntity {
  @PrimaryColumn({ name: 'shadow_id', type: 'varchar', length: 36 }) shadowId!: string;
  @PrimaryColumn({ name: 'machine_id', type: 'varchar', length: 36 }) machineId!: string;
  @PrimaryColumn({ name: 'window_end_ms', type: 'bigint', transformer: bigintNumber }) windowEndMs!: number;
  @Column({ name: 'production_version_id', type: 'varchar', length: 36 }) productionVersionId!: string;
  @Column({ name: 'production_score', type: 'double precision' }) productionScore!: number;
  @Column({ name: 'production_alarm', type: 'boolean' }) productionAlarm!: boolean;
  @Column({ name: 'candidate_score', type: 'double precision' }) candidateScore!: number;
  @Column({ name: 'candidate_threshold', type: 'double precision' }) candidateThreshold!: number;
  @Column({ name: 'candidate_beyond', type: 'boolean' }) candidateBeyond!: boolean;
  @Column({ name: 'candidate_alarm', type: 'boolean' }) candidateAlarm!: boolean;
  @Column({ name: 'scored_at', type: 'bigint', transformer: bigintNumber }) scoredAt!: number;

  @ManyToOne(() => ShadowEntity) @JoinColumn({ name: 'shadow_id' }) shadow?: ShadowEntity;
  @ManyToOne(() => MachineEntity) @JoinColumn({ name: 'machine_id' }) machine?: MachineEntity;
}
