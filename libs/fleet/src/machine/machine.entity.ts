import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { Criticality, MachineAttributes } from '../fleet-file/fleet-row';
import { LineEntity } from '../site/line.entity';
import { SiteEntity } from '../site/site.entity';

/**
 * A registered machine. The service always loads `site` and `line`; its age is computed
 * from `commissionedAt` when asked (see FleetService.ageYears), never stored.
 */
@Entity('machines')
@Index(['assetId'], { unique: true })
@Index(['siteId'])
@Index(['machineModel'])
export class MachineEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'asset_id', type: 'varchar', length: 200 })
  assetId!: string;

  @Column({ name: 'site_id', type: 'varchar', length: 36 })
  siteId!: string;

  @ManyToOne(() => SiteEntity)
  @JoinColumn({ name: 'site_id' })
  site!: SiteEntity;

  @Column({ name: 'line_id', type: 'varchar', length: 36, nullable: true })
  lineId!: string | null;

  @ManyToOne(() => LineEntity, { nullable: true })
  @JoinColumn({ name: 'line_id' })
  line!: LineEntity | null;

  @Column({ name: 'machine_model', type: 'varchar', length: 200 })
  machineModel!: string;

  /** Null when the fleet file does not say. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  manufacturer!: string | null;

  /** YYYY-MM-DD, UTC; compares correctly as text. */
  @Column({ name: 'commissioned_at', type: 'varchar', length: 10 })
  commissionedAt!: string;

  /** Null when the fleet file does not say. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  criticality!: Criticality | null;

  @Column({ type: 'simple-json' })
  attributes!: MachineAttributes;

  @Column({ name: 'raw_tags', type: 'simple-json' })
  rawTags!: string[];

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintNumber })
  updatedAt!: number;
}
