import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

/** A named model; its content lives in immutable, numbered versions. */
@Entity('models')
@Index(['name'], { unique: true })
export class ModelEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Fixed by the first version: a model does not change what it predicts. */
  @Column({ type: 'varchar', length: 40 })
  task!: string;

  /** Who registered the first version. */
  @Column({ type: 'varchar', length: 200 })
  owner!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber })
  createdAt!: number;
}
