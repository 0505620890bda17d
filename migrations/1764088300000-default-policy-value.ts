import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { GUARDS_POLICY_DEFINITION } from './1764088000000-guards';
import { canonical } from './canonical-json.util';

/**
 * What a model is worth: `default`'s next version, written `proposed` (a second person approves
 * it), is the newest `default` definition on this installation — whatever a team changed is kept —
 * plus the advisory `value` rule and the shipped placeholder costs. The rule and the costs are
 * frozen here, not imported, so the migration writes the same text whatever the code becomes (a
 * spec checks they equal the gate's `VALUE_RULE` and `DEFAULT_VALUE_COSTS`). A newest definition
 * that already has a value rule gets nothing: there is nothing to ship.
 */
export const VALUE_RULE_DEFINITION = {
  id: 'value',
  kind: 'value',
  threshold: 0,
  minFailures: 5,
  mode: 'advisory',
  description: 'lower 95 % bootstrap bound of the net value per 1,000 machine-hours above 0 (advisory: placeholder costs until the team sets its own)',
};

export const DEFAULT_VALUE_COSTS_DEFINITION = {
  unplannedFailureCost: 50000,
  plannedRepairCost: 10000,
  falseAlarmCost: 500,
  minLeadTimeHours: 24,
};

const NOTE = 'advisory value rule (net value per 1,000 machine-hours, lower 95 % bound above 0) with placeholder costs a team must set; see the gate README';

interface StoredDefinition {
  rules: Array<{ id: string; kind: string }>;
  value?: unknown;
  [key: string]: unknown;
}

/** The newest definition with the value rule (and the placeholder costs unless it has costs), or null when it has a value rule already. */
export function withValueRule(newest: StoredDefinition): StoredDefinition | null {
  if (newest.rules.some((r) => r.kind === 'value')) return null;
  const id = newest.rules.some((r) => r.id === VALUE_RULE_DEFINITION.id) ? 'net-value' : VALUE_RULE_DEFINITION.id;
  return { ...newest, rules: [...newest.rules, { ...VALUE_RULE_DEFINITION, id }], value: newest.value ?? DEFAULT_VALUE_COSTS_DEFINITION };
}

export class DefaultPolicyValue1764088300000 implements MigrationInterface {
  name = 'DefaultPolicyValue1764088300000';

  async up(q: QueryRunner): Promise<void> {
    const p = q.connection.driver.options.type === 'postgres' ? (i: number) => `$${i}` : () => '?';
    const rows = (await q.query(`SELECT version, definition FROM gate_policies WHERE name = 'default' ORDER BY version DESC LIMIT 1`)) as Array<{
      version: number | string;
      definition: string;
    }>;
    // The guards migration always leaves a version; its frozen text stands in should none be there.
    const newest = rows.length ? (JSON.parse(rows[0].definition) as StoredDefinition) : (GUARDS_POLICY_DEFINITION as StoredDefinition);
    const next = withValueRule(newest);
    if (!next) return;
    // default@1 is written on first use (approved): leave its number free when it is not there yet.
    const version = Math.max(Number(rows[0]?.version ?? 0), 1) + 1;
    const body = canonical(next);
    const sha = createHash('sha256').update(body).digest('hex');
    await q.query(
      `INSERT INTO gate_policies (name, version, definition, definition_sha256, note, created_by, created_at, status, approved_by, approved_at) ` +
        `VALUES (${[1, 2, 3, 4, 5, 6, 7, 8].map(p).join(', ')}, NULL, NULL)`,
      ['default', version, body, sha, NOTE, 'system', Date.now(), 'proposed'],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const p = q.connection.driver.options.type === 'postgres' ? (i: number) => `$${i}` : () => '?';
    await q.query(`DELETE FROM gate_policies WHERE name = 'default' AND status = 'proposed' AND created_by = 'system' AND note = ${p(1)}`, [NOTE]);
  }
}
