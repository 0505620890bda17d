import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { MachineEntity } from '@fleetgate/fleet';
import type { AlarmOutcome } from '../rules/precision.util';

/** `open` → (acknowledged) → `closed`; `suppressed`: raised inside a maintenance window, recorded, not raised. */
export type AlarmStatus = 'open' | 'acknowledged' | 'closed';

@Entity('alarms')
@Index('IDX_alarms_machine', ['machineId', 'openedAtMs'])
@Index('IDX_alarms_deployment', ['deploymentId'])
export class AlarmEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'machine_id', type: 'varchar', length: 36 }) machineId!: string;
  @Column({ name: 'deployment_id', type: 'varchar', length: 36 }) deploymentId!: string;
  @Column({ name: 'model_version_id', type: 'varchar', length: 36 }) modelVersionId!: string;
  @Column({ type: 'varchar', length: 20 }) status!: AlarmStatus;
  @Column({ type: 'boolean' }) suppressed!: boolean;
  @Column({ name: 'maintenance_window_id', type: 'varchar', length: 36, nullable: true }) maintenanceWindowId!: string | null;
  /** End of the window that raised it (the data's time, not the wall clock). */
  @Column({ name: 'opened_at_ms', type: 'bigint', transformer: bigintNumber }) openedAtMs!: number;
  @Column({ name: 'opened_score', type: 'double precision' }) openedScore!: number;
  @Column({ type: 'double precision' }) threshold!: number;
  /** A failure or maintenance while it is open, or this long after it closed, is linked to it (the model's horizon). */
  @Column({ name: 'link_horizon_ms', type: 'bigint', transformer: bigintNumber }) linkHorizonMs!: number;
  @Column({ name: 'acknowledged_by', type: 'varchar', length: 200, nullable: true }) acknowledgedBy!: string | null;
  @Column({ name: 'acknowledged_at', type: 'bigint', nullable: true, transformer: bigintNumber }) acknowledgedAt!: number | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) outcome!: AlarmOutcome | null;
  @Column({ name: 'closed_at_ms', type: 'bigint', nullable: true, transformer: bigintNumber }) closedAtMs!: number | null;
  @Column({ name: 'closed_reason', type: 'text', nullable: true }) closedReason!: string | null;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;

  @ManyToOne(() => MachineEntity) @JoinColumn({ name: 'machine_id' }) machine?: MachineEntity;
}
