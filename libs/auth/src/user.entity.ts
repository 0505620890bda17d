import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber, Role } from '@fleetgate/common';

@Entity('users')
@Index(['name'], { unique: true })
@Index(['tokenHash'], { unique: true })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 40 })
  role!: Role;

  @Column({ type: 'simple-json' })
  sites!: string[];

  /** sha256 of the token; the token itself is shown once and never stored. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber })
  createdAt!: number;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: bigintNumber })
  revokedAt!: number | null;
}
