import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { MachineEntity } from '@fleetgate/fleet';
import { ModelVersionEntity } from '@fleetgate/registry';
import { PromotionEntity } from '../promotion/promotion.entity';
import type { GuardRule } from '../policy.types';
import type { ThresholdMode } from './deployment-pin.util';

export type SuspensionKind = 'baseline' | 'guard' | 'silence';

/** The predicate of the "one active production version per model and machine" index (both drivers). */
export const ACTIVE_PRODUCTION_WHERE = `"active" = true AND "stage" = 'production'`;
export const ACTIVE_PRODUCTION_INDEX = 'UQ_deployments_active_production';

/**
 * Which version serves which machine at which stage. Rows are never deleted: a newer
 * assignment deactivates the row it supersedes (and names the promotion that did), so a
 * rollback can re-activate exactly what was there before.
 */
@Entity('deployments')
@Index(ACTIVE_PRODUCTION_INDEX, ['modelId', 'machineId'], { unique: true, where: ACTIVE_PRODUCTION_WHERE })
@Index('IDX_deployments_promotion', ['promotionId'])
@Index('IDX_deployments_superseded_by', ['supersededBy'])
@Index('IDX_deployments_machine_active', ['machineId', 'active'])
export class DeploymentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'model_id', type: 'varchar', length: 36 }) modelId!: string;
  @Column({ name: 'machine_id', type: 'varchar', length: 36 }) machineId!: string;
  @Column({ name: 'model_version_id', type: 'varchar', length: 36 }) modelVersionId!: string;
  @Column({ type: 'varchar', length: 20 }) stage!: 'staging' | 'production';
  @Column({ name: 'promotion_id', type: 'varchar', length: 36 }) promotionId!: string;
  @Column({ name: 'evidence_run_id', type: 'varchar', length: 36 }) evidenceRunId!: string;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;
  @Column({ name: 'superseded_at', type: 'bigint', nullable: true, transformer: bigintNumber }) supersededAt!: number | null;
  /** The promotion (or archive) that took this row out of service; a rollback of that promotion restores it. */
  @Column({ name: 'superseded_by', type: 'varchar', length: 36, nullable: true }) supersededBy!: string | null;
  /**
   * Pins (see `deployment-pin.util`): the baseline the evidence run used for this machine
   * (canonical JSON of a `PinnedBaseline`; null for a raw model or a row from before pins), the
   * alarm threshold that applies and whether it is the version's or the machine's own
   * (`threshold_mode` null on rows from before pins: the version's threshold then applies).
   */
  @Column({ type: 'text', nullable: true }) baseline!: string | null;
  @Column({ type: 'double precision', nullable: true }) threshold!: number | null;
  @Column({ name: 'threshold_mode', type: 'varchar', length: 20, nullable: true }) thresholdMode!: ThresholdMode | null;
  /**
   * Set when the machine got a new baseline after this row's evidence: the row stays `active`
   * (rollback and the consistency check keep their meaning) but does not serve until a
   * promotion whose evidence evaluated the machine since replaces it.
   */
  @Column({ name: 'suspended_at', type: 'bigint', nullable: true, transformer: bigintNumber }) suspendedAt!: number | null;
  @Column({ name: 'suspended_reason', type: 'text', nullable: true }) suspendedReason!: string | null;
  /**
   * Why the row is suspended: `baseline` (above), `guard` (a guard breached: demoted, see the
   * gate README "Guards"; rule, value and limit below) or `silence` (no usable data: resumed by
   * itself when data return). Null when not suspended.
   */
  @Column({ name: 'suspension_kind', type: 'varchar', length: 20, nullable: true }) suspensionKind!: SuspensionKind | null;
  @Column({ name: 'guard_rule', type: 'varchar', length: 20, nullable: true }) guardRule!: GuardRule | null;
  @Column({ name: 'guard_value', type: 'double precision', nullable: true }) guardValue!: number | null;
  @Column({ name: 'guard_limit', type: 'double precision', nullable: true }) guardLimit!: number | null;
  /** A demoted row's fallback: the row it superseded, which serves the machine (with its own pins) until reinstatement or rollback. */
  @Column({ name: 'fallback_deployment_id', type: 'varchar', length: 36, nullable: true }) fallbackDeploymentId!: string | null;
  /** The note of the last reinstatement after a demotion. */
  @Column({ name: 'reinstated_note', type: 'text', nullable: true }) reinstatedNote!: string | null;
  /** Guards count only data after a reinstatement (the data that breached were seen and accepted). */
  @Column({ name: 'reinstated_at', type: 'bigint', nullable: true, transformer: bigintNumber }) reinstatedAt!: number | null;
  /** Production scoring's alarm rule for this machine, JSON `{ k, n, m }` (null: the defaults, see libs/scoring). */
  @Column({ name: 'alarm_rule', type: 'text', nullable: true }) alarmRule!: string | null;

  // Foreign keys only (never loaded): the migration declares them, the entity must agree.
  @ManyToOne(() => MachineEntity) @JoinColumn({ name: 'machine_id' }) machine?: MachineEntity;
  @ManyToOne(() => ModelVersionEntity) @JoinColumn({ name: 'model_version_id' }) modelVersion?: ModelVersionEntity;
  @ManyToOne(() => PromotionEntity) @JoinColumn({ name: 'promotion_id' }) promotion?: PromotionEntity;
}
