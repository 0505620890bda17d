import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '@fleetgate/common';

/** One immutable version of the tag-mapping rules; a change is a new row. */
@Entity('mapping_rule_sets')
export class MappingRuleSetEntity {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** Canonical JSON text of the rule list, exactly as hashed in the audit log. */
  @Column({ type: 'text' })
  rules!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintNumber })
  createdAt!: number;
}
