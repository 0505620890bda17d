import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

@Entity('sites')
@Index(['name'], { unique: true })
export class SiteEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The site's code as the plant uses it (PLT1); plant managers are scoped by it. */
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber })
  createdAt!: number;
}
