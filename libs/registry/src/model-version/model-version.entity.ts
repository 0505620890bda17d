import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';
import { ModelEntity } from '../model/model.entity';

export const STAGES = ['pilot', 'staging', 'production', 'archived'] as const;
export type Stage = (typeof STAGES)[number];

export type ProfileStatus = 'computed' | 'uploaded' | 'absent';

/** One immutable version: artifact (by sha256), manifest, provenance, reference profile; only `stage` changes. */
@Entity('model_versions')
@Index(['modelId', 'version'], { unique: true })
@Index(['sha256'])
@Index(['stage'])
export class ModelVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 36 })
  modelId!: string;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => ModelEntity, { createForeignKeyConstraints: true })
  @JoinColumn({ name: 'model_id' })
  model?: ModelEntity;

  @Column({ type: 'integer' })
  version!: number;

  /** Lowercase hex sha256 of the ONNX bytes: the artifact's address. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  /** Canonical JSON text of the manifest as registered (hash this text, never a re-serialised object). */
  @Column({ type: 'text' })
  manifest!: string;

  @Column({ name: 'manifest_sha256', type: 'varchar', length: 64 })
  manifestSha256!: string;

  /** The ONNX input the platform feeds, as found in the file at registration (versions from before that: 'features'). */
  @Column({ name: 'input_name', type: 'text' })
  inputName!: string;

  /** The ONNX output the platform reads: the manifest's output.name, checked against the file at registration. */
  @Column({ name: 'output_name', type: 'text' })
  outputName!: string;

  /** Canonical JSON: training machine ids, period, free-form metadata. */
  @Column({ type: 'text' })
  provenance!: string;

  /** Canonical JSON of the encoded reference profile, or null (see profileReason). */
  @Column({ type: 'text', nullable: true })
  profile!: string | null;

  @Column({ name: 'profile_status', type: 'varchar', length: 20 })
  profileStatus!: ProfileStatus;

  @Column({ name: 'profile_reason', type: 'text', nullable: true })
  profileReason!: string | null;

  @Column({ type: 'varchar', length: 20 })
  stage!: Stage;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber })
  createdAt!: number;
}
