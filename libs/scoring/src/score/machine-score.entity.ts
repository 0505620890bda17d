import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { MachineEntity } from '@fleetgate/fleet';
import { ModelVersionEntity } from '@fleetgate/registry';

/** One production score: machine × version × window end (the key makes a retried job an upsert). */
@Entity('machine_scores')
export class MachineScoreEntity {
  @PrimaryColumn({ name: 'machine_id', type: 'varchar', length: 36 }) machineId!: string;
  @PrimaryColumn({ name: 'model_version_id', type: 'varchar', length: 36 }) modelVersionId!: string;
  @PrimaryColumn({ name: 'window_end_ms', type: 'bigint', transformer: bigintNumber }) windowEndMs!: number;
  @Column({ name: 'deployment_id', type: 'varchar', length: 36 }) deploymentId!: string;
  @Column({ type: 'double precision' }) score!: number;
  /** The pinned threshold the score was judged against. */
  @Column({ type: 'double precision' }) threshold!: number;
  /** Strictly beyond the threshold in the worse direction. */
  @Column({ type: 'boolean' }) beyond!: boolean;
  /** A healthy window (`healthyWindowMask`: not in the run-up to a failure, not settling after an event) as labels stood when scored. */
  @Column({ type: 'boolean' }) healthy!: boolean;
  @Column({ name: 'scored_at', type: 'bigint', transformer: bigintNumber }) scoredAt!: number;

  @ManyToOne(() => MachineEntity) @JoinColumn({ name: 'machine_id' }) machine?: MachineEntity;
  @ManyToOne(() => ModelVersionEntity) @JoinColumn({ name: 'model_version_id' }) modelVersion?: ModelVersionEntity;
}
