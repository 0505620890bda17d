import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import type { Stage } from './model-version.entity';

/** Every stage a version entered, who moved it and why (registration is the first row). */
@Entity('model_stage_changes')
export class StageChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'version_id', type: 'varchar', length: 36 })
  versionId!: string;

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
