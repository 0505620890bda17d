import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { MachineEntity } from '../machine/machine.entity';

/**
 * An explicit baseline period given to a machine (e.g. after an overhaul): versions 1, 2, … per
 * machine, never changed once written; the newest one applies. Machines without one get the
 * automatic baseline the evaluation derives from their data.
 */
@Entity('machine_baselines')
@Index('UQ_machine_baselines_version', ['machineId', 'version'], { unique: true })
export class MachineBaselineEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'machine_id', type: 'varchar', length: 36 }) machineId!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'from_ms', type: 'bigint', transformer: bigintNumber }) fromMs!: number;
  @Column({ name: 'to_ms', type: 'bigint', transformer: bigintNumber }) toMs!: number;
  @Column({ type: 'text' }) note!: string;
  @Column({ name: 'created_by', type: 'varchar', length: 200 }) createdBy!: string;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;

  // Foreign key only (never loaded): the migration declares it, the entity must agree.
  @ManyToOne(() => MachineEntity) @JoinColumn({ name: 'machine_id' }) machine?: MachineEntity;
}
