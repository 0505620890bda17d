import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

/** One canonical signal of the catalog. Never updated or deleted: stored telemetry relies on its unit. */
@Entity('signals')
export class SignalEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  unit!: string;

  @Column({ type: 'double precision' })
  min!: number;

  @Column({ type: 'double precision' })
  max!: number;

  @Column({ type: 'text' })
  description!: string;

  /** The grid of a series only live data ever fed, until a message carries enough samples to infer its interval. */
  @Column({ name: 'nominal_interval_ms', type: 'bigint', transformer: bigintNumber, default: 60_000 })
  nominalIntervalMs?: number;

  /** Part of the default catalog (seeded), as opposed to added through the api. */
  @Column({ type: 'boolean' })
  builtin!: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber })
  createdAt!: number;
}
