import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { MachineEntity } from '@fleetgate/fleet';
import type { HealthState } from '../rules/health-state.util';

/** A machine's health as the last scoring job left it (the api re-decides coverage, suspension and no-data when read). */
@Entity('machine_health')
export class MachineHealthEntity {
  @PrimaryColumn({ name: 'machine_id', type: 'varchar', length: 36 }) machineId!: string;
  @Column({ type: 'varchar', length: 20 }) state!: HealthState;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'deployment_id', type: 'varchar', length: 36, nullable: true }) deploymentId!: string | null;
  @Column({ name: 'model_version_id', type: 'varchar', length: 36, nullable: true }) modelVersionId!: string | null;
  @Column({ type: 'double precision', nullable: true }) score!: number | null;
  @Column({ type: 'double precision', nullable: true }) threshold!: number | null;
  @Column({ name: 'higher_is_worse', type: 'boolean', nullable: true }) higherIsWorse!: boolean | null;
  @Column({ name: 'window_end_ms', type: 'bigint', nullable: true, transformer: bigintNumber }) windowEndMs!: number | null;
  @Column({ name: 'last_data_ms', type: 'bigint', nullable: true, transformer: bigintNumber }) lastDataMs!: number | null;
  @Column({ name: 'quality_grade', type: 'varchar', length: 20, nullable: true }) qualityGrade!: string | null;
  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintNumber }) updatedAt!: number;

  @ManyToOne(() => MachineEntity) @JoinColumn({ name: 'machine_id' }) machine?: MachineEntity;
}
