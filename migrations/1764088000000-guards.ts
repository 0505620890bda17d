import { createHash } from 'node:crypto';
import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { epochMs, real, ref, str, text } from './columns.util';
import { canonical } from './canonical-json.util';

/**
 * `default`'s next version, written `proposed` (a second person approves it; default@1 stays as it
 * is and keeps judging until then): default@1's rules, the borderline rule and the guards. The
 * definition is frozen here, not imported, so the migration writes the same text whatever the code
 * becomes (a spec checks it equals the gate's `DEFAULT_POLICY_WITH_GUARDS`).
 *
 * Deployments record why they are suspended (`baseline`, `guard`, `silence`), and for a guard the
 * rule, the measured value, the limit and the superseded row that serves the machine meanwhile.
 */
export const GUARDS_POLICY_DEFINITION = {
  maxEvidenceAgeHours: 720,
  rules: [
    { id: 'evaluated', kind: 'evaluated-share', threshold: 0.9, description: 'at least 90 % of the scope machines were evaluated' },
    { id: 'usable-windows', kind: 'median-usable-fraction', threshold: 0.8, description: 'median usable-window fraction at least 0.8' },
    {
      id: 'in-envelope',
      kind: 'generalizes-share',
      threshold: 0.9,
      description: 'at least 90 % of evaluated scope machines generalize (inside the pilot envelope, no degraded performance)',
    },
    { id: 'recall', kind: 'recall', threshold: 0.7, minFailures: 5, description: 'pooled recall on labelled failures at least 0.7' },
    { id: 'recall-lower-bound', kind: 'recall-lower-bound', threshold: 0.5, minFailures: 5, description: 'lower 95 % Wilson bound of recall at least 0.5' },
    {
      id: 'alarm-rate',
      kind: 'worst-segment-alarm-ratio',
      threshold: 3,
      dimension: 'machineModel',
      description: "no machine-model segment's median healthy alarm rate above 3× the pilot's",
    },
    {
      id: 'segment-size',
      kind: 'min-machines-per-segment',
      threshold: 3,
      dimension: 'machineModel',
      description: 'every machine model in scope has at least 3 machines',
    },
    {
      id: 'borderline',
      kind: 'max-borderline-share',
      threshold: 0.1,
      description: 'at most 10 % of evaluated scope machines borderline (undecided between in and out of the pilot envelope)',
    },
  ],
  guards: { envelope: { trailingDays: 7 }, alarmRate: { k: 3, minWindows: 100 } },
};

const NOTE = 'shipped guards (envelope over 7 days, alarm rate at 3× the evaluated rate) and the borderline rule; see the gate README';

export class Guards1764088000000 implements MigrationInterface {
  name = 'Guards1764088000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('deployments', new TableColumn(str('suspension_kind', true, '20')));
    await q.addColumn('deployments', new TableColumn(str('guard_rule', true, '20')));
    await q.addColumn('deployments', new TableColumn(real('guard_value', true)));
    await q.addColumn('deployments', new TableColumn(real('guard_limit', true)));
    await q.addColumn('deployments', new TableColumn(ref('fallback_deployment_id', true)));
    await q.addColumn('deployments', new TableColumn(text('reinstated_note', true)));
    await q.addColumn('deployments', new TableColumn(epochMs('reinstated_at', true)));
    // Suspensions written before guards existed were all baseline resets.
    await q.query(`UPDATE deployments SET suspension_kind = 'baseline' WHERE suspended_at IS NOT NULL`);
    const body = canonical(GUARDS_POLICY_DEFINITION);
    const rows = (await q.query(`SELECT MAX(version) AS v FROM gate_policies WHERE name = 'default'`)) as Array<{ v: number | string | null }>;
    // default@1 is written on first use (approved): leave its number free when it is not there yet.
    const version = Math.max(Number(rows[0]?.v ?? 0), 1) + 1;
    const sha = createHash('sha256').update(body).digest('hex');
    const now = Date.now();
    const p = q.connection.driver.options.type === 'postgres' ? (i: number) => `$${i}` : () => '?';
    await q.query(
      `INSERT INTO gate_policies (name, version, definition, definition_sha256, note, created_by, created_at, status, approved_by, approved_at) ` +
        `VALUES (${[1, 2, 3, 4, 5, 6, 7, 8].map(p).join(', ')}, NULL, NULL)`,
      ['default', version, body, sha, NOTE, 'system', now, 'proposed'],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM gate_policies WHERE name = 'default' AND status = 'proposed' AND created_by = 'system'`);
    for (const c of ['reinstated_at', 'reinstated_note', 'fallback_deployment_id', 'guard_limit', 'guard_value', 'guard_rule', 'suspension_kind'])
      await q.dropColumn('deployments', c);
  }
}
