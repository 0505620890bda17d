import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ModelVersionEntity } from './model-version.entity';
import { bigintNumber } from '@fleetgate/common';
import type { Stage } from './model-version.entity';

/** Every stage a version entered, who moved it and why (registration is the first row). */
@Entity('model_stage_changes')
@Index(['versionId', 'at'])
export class StageChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'version_id', type: 'varchar', length: 36 })
  versionId!: string;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => ModelVersionEntity)
  @JoinColumn({ name: 'version_id' })
  version?: ModelVersionEntity;

  @Column({ name: 'from_stage', type: 'varchar', length: 20, nullable: true })
  fromStage!: Stage | null;

  @Column({ name: 'to_stage', type: 'varchar', length: 20 })
  toStage!: Stage;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  at!: number;
}
