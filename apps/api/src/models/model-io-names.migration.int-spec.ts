import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { loadConfig } from '@fleetgate/config';
import { dataSourceOptions, runMigrations } from '@fleetgate/db';
import { MIGRATIONS } from '../../../../migrations';
import { ModelIoNames1764086900000 } from '../../../../migrations/1764086900000-model-io-names';
import { applyEnv, isolatedEnv } from '../../../../test/setup/harness';

/**
 * Versions registered before input and output names were stored keep working: the migration
 * fills in the name the evaluation fed them ("features") and the manifest's output, on a
 * database that already holds versions and the rows that point at them.
 */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('migration ModelIoNames on %s', (_name, sqlite) => {
  it('fills in input "features" and the manifest output for existing versions, keeping the rows that refer to them', async () => {
    const env = isolatedEnv({ sqlite });
    applyEnv(env);
    const options = dataSourceOptions(loadConfig());
    const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(ModelIoNames1764086900000));
    const p = (i: number) => (sqlite ? '?' : `$${i}`);
    const manifest = (output: string) => JSON.stringify({ name: 'old-model', output: { name: output, higherIsWorse: true, threshold: 0.5 } });

    let ds = await new DataSource({ ...options, migrations: before }).initialize();
    try {
      await runMigrations(ds);
      await ds.query(`INSERT INTO models (id, name, task, owner, created_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`, [
        'm1',
        'old-model',
        'failure-probability',
        'mle',
        1,
      ]);
      for (const [id, version, output] of [
        ['v1', 1, 'prob'],
        ['v2', 2, 'score'],
      ] as const) {
        await ds.query(
          `INSERT INTO model_versions (id, model_id, version, sha256, size_bytes, manifest, manifest_sha256, provenance, profile, profile_status, profile_reason, stage, created_by, created_at)
           VALUES (${[...Array(14).keys()].map((i) => p(i + 1)).join(', ')})`,
          [id, 'm1', version, 'a'.repeat(64), 100, manifest(output), 'b'.repeat(64), '{}', null, 'absent', 'test', 'pilot', 'mle', 1],
        );
        await ds.query(
          `INSERT INTO model_stage_changes (id, version_id, from_stage, to_stage, actor, reason, at) VALUES (${p(1)}, ${p(2)}, NULL, 'pilot', 'mle', 'registered', 1)`,
          [`s-${id}`, id],
        );
      }
    } finally {
      await ds.destroy();
    }

    ds = await new DataSource({ ...options, migrations: MIGRATIONS }).initialize();
    try {
      expect(await runMigrations(ds)).toContain('ModelIoNames1764086900000');
      const rows = await ds.query('SELECT id, input_name, output_name FROM model_versions ORDER BY id');
      expect(rows).toEqual([
        { id: 'v1', input_name: 'features', output_name: 'prob' },
        { id: 'v2', input_name: 'features', output_name: 'score' },
      ]);
      expect((await ds.query('SELECT version_id FROM model_stage_changes ORDER BY version_id')).map((r: { version_id: string }) => r.version_id)).toEqual([
        'v1',
        'v2',
      ]);
      if (sqlite) expect(await ds.query('PRAGMA foreign_key_check')).toEqual([]);
      // The names are required from now on: a version without them is refused by the database.
      await expect(
        ds.query(
          `INSERT INTO model_versions (id, model_id, version, sha256, size_bytes, manifest, manifest_sha256, provenance, profile_status, stage, created_by, created_at)
           VALUES ('v3', 'm1', 3, '${'c'.repeat(64)}', 1, '{}', '${'d'.repeat(64)}', '{}', 'absent', 'pilot', 'mle', 1)`,
        ),
      ).rejects.toThrow(/null|NOT NULL/i);
    } finally {
      await ds.destroy();
      fs.rmSync(env.FLEETGATE_DATA_DIR, { recursive: true, force: true });
    }
  }, 60_000);
});
