import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { ModelVersionEntity } from '@fleetgate/registry';
import { GatePolicyEntity } from '../policy/gate-policy.entity';

export const TARGET_STAGES = ['staging', 'production', 'archived'] as const;
export type TargetStage = (typeof TARGET_STAGES)[number];
export const SCOPE_KINDS = ['fleet', 'validated-scope', 'assets'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export type PromotionStatus = 'pending' | 'approved' | 'rejected' | 'rolled-back';

export interface StoredScope {
  kind: ScopeKind;
  machines: Array<{ id: string; assetId: string }>;
}

export interface Waiver {
  ruleId: string;
  justification: string;
}

/**
 * A request to move one model version to a stage for a scope of machines, with the
 * evidence it was judged on and every rule outcome — frozen at request time, so the
 * approver decides on exactly what is stored.
 */
@Entity('promotion_requests')
@Index('IDX_promotion_requests_version', ['modelVersionId'])
@Index('IDX_promotion_requests_status', ['status'])
export class PromotionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'model_id', type: 'varchar', length: 36 }) modelId!: string;
  @Column({ name: 'model_name', type: 'varchar', length: 200 }) modelName!: string;
  @Column({ name: 'model_version_id', type: 'varchar', length: 36 }) modelVersionId!: string;
  @Column({ name: 'version_number', type: 'integer' }) versionNumber!: number;
  /** ONNX sha256 of the version. */
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @Column({ name: 'from_stage', type: 'varchar', length: 20 }) fromStage!: string;
  @Column({ name: 'target_stage', type: 'varchar', length: 20 }) targetStage!: TargetStage;
  /** Canonical JSON of StoredScope. */
  @Column({ type: 'text' }) scope!: string;
  @Column({ name: 'evidence_run_id', type: 'varchar', length: 36, nullable: true }) evidenceRunId!: string | null;
  @Column({ name: 'report_hash', type: 'varchar', length: 64, nullable: true }) reportHash!: string | null;
  @Column({ name: 'mapping_version', type: 'integer', nullable: true }) mappingVersion!: number | null;
  @Column({ name: 'policy_name', type: 'varchar', length: 100 }) policyName!: string;
  @Column({ name: 'policy_version', type: 'integer' }) policyVersion!: number;
  @Column({ name: 'policy_sha256', type: 'varchar', length: 64 }) policySha256!: string;
  /** Canonical JSON of RuleResult[]. */
  @Column({ name: 'rule_results', type: 'text' }) ruleResults!: string;
  @Column({ type: 'varchar', length: 10 }) outcome!: 'pass' | 'fail';
  @Column({ type: 'text' }) justification!: string;
  @Column({ type: 'varchar', length: 20 }) status!: PromotionStatus;
  @Column({ name: 'requested_by', type: 'varchar', length: 200 }) requestedBy!: string;
  @Column({ name: 'requested_at', type: 'bigint', transformer: bigintNumber }) requestedAt!: number;
  @Column({ name: 'decided_by', type: 'varchar', length: 200, nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'bigint', nullable: true, transformer: bigintNumber }) decidedAt!: number | null;
  /** The rejection reason. */
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason!: string | null;
  /** Canonical JSON of Waiver[] (approval). */
  @Column({ type: 'text', nullable: true }) waivers!: string | null;
  /** The accountable owner of the approved version. */
  @Column({ type: 'varchar', length: 200, nullable: true }) owner!: string | null;
  @Column({ name: 'rolled_back_by', type: 'varchar', length: 200, nullable: true }) rolledBackBy!: string | null;
  @Column({ name: 'rolled_back_at', type: 'bigint', nullable: true, transformer: bigintNumber }) rolledBackAt!: number | null;

  // Foreign keys only (never loaded): the migration declares them, the entity must agree.
  @ManyToOne(() => ModelVersionEntity) @JoinColumn({ name: 'model_version_id' }) modelVersion?: ModelVersionEntity;
  @ManyToOne(() => GatePolicyEntity)
  @JoinColumn([
    { name: 'policy_name', referencedColumnName: 'name' },
    { name: 'policy_version', referencedColumnName: 'version' },
  ])
  policy?: GatePolicyEntity;
}
