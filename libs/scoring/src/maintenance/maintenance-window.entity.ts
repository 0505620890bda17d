import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

/** Planned maintenance of one machine (`machineId`) or a whole line (`lineId`): alarms inside are suppressed. */
@Entity('maintenance_windows')
@Index('IDX_maintenance_windows_to', ['toMs'])
export class MaintenanceWindowEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'machine_id', type: 'varchar', length: 36, nullable: true }) machineId!: string | null;
  @Column({ name: 'line_id', type: 'varchar', length: 36, nullable: true }) lineId!: string | null;
  @Column({ name: 'from_ms', type: 'bigint', transformer: bigintNumber }) fromMs!: number;
  @Column({ name: 'to_ms', type: 'bigint', transformer: bigintNumber }) toMs!: number;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'created_by', type: 'varchar', length: 200 }) createdBy!: string;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;
}
