import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

/** The alarm threshold a run applies: the version's, or each machine's own (calibrated on its baseline). */
export type ThresholdMode = 'version' | 'per-machine';
export const THRESHOLD_MODES: readonly ThresholdMode[] = ['version', 'per-machine'];

export type RunStatus = 'queued' | 'running' | 'completed' | 'partial' | 'failed' | 'cancelled';

export interface FleetSelection {
  all?: boolean;
  sites?: string[];
  machineModels?: string[];
  minAgeYears?: number;
  maxAgeYears?: number;
  assetIds?: string[];
}

@Entity('evaluation_runs')
@Index(['modelVersionId'])
@Index(['status'])
@Index('UQ_evaluation_runs_created_by_idempotency_key', ['createdBy', 'idempotencyKey'], { unique: true })
export class EvaluationRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'model_version_id', type: 'varchar', length: 36 }) modelVersionId!: string;
  @Column({ type: 'simple-json' }) selection!: FleetSelection & { ageBands?: number[] };
  @Column({ name: 'from_ms', type: 'bigint', transformer: bigintNumber }) fromMs!: number;
  @Column({ name: 'to_ms', type: 'bigint', transformer: bigintNumber }) toMs!: number;
  @Column({ type: 'varchar', length: 20 }) status!: RunStatus;
  @Column({ type: 'integer' }) total!: number;
  @Column({ name: 'mapping_version', type: 'integer', nullable: true }) mappingVersion!: number | null;
  @Column({ name: 'created_by', type: 'varchar', length: 200 }) createdBy!: string;
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber }) createdAt!: number;
  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: bigintNumber }) finishedAt!: number | null;
  /** Canonical JSON text of the fleet report, exactly as hashed. */
  @Column({ type: 'text', nullable: true }) report!: string | null;
  @Column({ name: 'report_hash', type: 'varchar', length: 64, nullable: true }) reportHash!: string | null;
  /** The client's `Idempotency-Key` header: a retry by the same user gets this run, never a second one. */
  @Column({ type: 'varchar', length: 20, default: 'version' }) thresholds!: ThresholdMode;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true }) idempotencyKey!: string | null;
}
