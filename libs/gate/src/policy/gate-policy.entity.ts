import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

export const POLICY_STATUSES = ['proposed', 'approved'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/**
 * One version of a named gate policy; versions are immutable, a change is a new version.
 * A version judges requests only once approved by someone other than its author (four eyes).
 */
@Entity('gate_policies')
export class GatePolicyEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 }) name!: string;
  @PrimaryColumn({ type: 'integer' }) version!: number;
  /** Canonical JSON of the PolicyDefinition, exactly as hashed. */
  @Column({ type: 'text' }) definition!: string;
  @Column({ name: 'definition_sha256', type: 'varchar', length: 64 }) definitionSha256!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'created_by', type: 'varchar', length: 200 }) createdBy!: string;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;
  @Column({ type: 'varchar', length: 20, default: 'proposed' }) status!: PolicyStatus;
  /** Null for versions approved before four eyes were required. */
  @Column({ name: 'approved_by', type: 'varchar', length: 200, nullable: true }) approvedBy!: string | null;
  @Column({ name: 'approved_at', type: 'bigint', nullable: true, transformer: bigintNumber }) approvedAt!: number | null;
}
