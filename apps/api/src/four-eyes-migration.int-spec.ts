import { DataSource } from 'typeorm';
import { AuditEventEntity, AuditService, eventHash, GENESIS_HASH, verifyChain } from '@fleetgate/audit';
import { loadConfig } from '@fleetgate/config';
import { dataSourceOptions, runMigrations } from '@fleetgate/db';
import { GatePolicyEntity } from '@fleetgate/gate';
import { MIGRATIONS } from '../../../migrations';
import { isolatedEnv } from '../../../test/setup/harness';

const FOUR_EYES = 1764087500000;

/** An installation that already holds policies and a format-1 audit chain, migrated forward. */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('four-eyes / audit-anchor migration on existing data (%s)', (_driver, sqlite) => {
  let ds: DataSource;
  const config = loadConfig({ ...isolatedEnv({ sqlite }), LOG_LEVEL: 'error' });
  const options = dataSourceOptions(config, [AuditEventEntity, GatePolicyEntity]);

  beforeAll(async () => {
    const before = new DataSource({
      ...options,
      migrations: MIGRATIONS.filter((m) => Number(/\d{13}/.exec(m.name)![0]) < FOUR_EYES),
    } as typeof options);
    await before.initialize();
    await runMigrations(before);
    await before.query(
      `INSERT INTO gate_policies (name, version, definition, definition_sha256, note, created_by, created_at) VALUES ('default', 1, '{}', '${'a'.repeat(64)}', NULL, 'system', 0), ('lenient', 1, '{}', '${'b'.repeat(64)}', NULL, 'rel', 0)`,
    );
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const e = { seq, at: seq, actor: 'ann', action: 'old.event', subject: `s:${seq}`, payload: '{}', prevHash: prev };
      prev = eventHash(e);
      await before.query(
        `INSERT INTO audit_events (seq, at, actor, action, subject, payload, prev_hash, hash) VALUES (${seq}, ${seq}, 'ann', 'old.event', 's:${seq}', '{}', '${e.prevHash}', '${prev}')`,
      );
    }
    await before.destroy();
    ds = new DataSource(options);
    await ds.initialize();
    await runMigrations(ds);
  }, 60_000);
  afterAll(async () => {
    await ds?.destroy();
  });

  it('keeps existing policy versions approved; new rows default to proposed', async () => {
    const rows = await ds.getRepository(GatePolicyEntity).find({ order: { name: 'ASC' } });
    // default@2 is the shipped guards, default@3 the advisory value rule, each written `proposed` by a later migration
    // (see 1764088000000-guards and 1764088300000-default-policy-value).
    expect(rows.map((r) => `${r.name}@${r.version}:${r.status}`)).toEqual([
      'default@1:approved',
      'default@2:proposed',
      'default@3:proposed',
      'lenient@1:approved',
    ]);
    await ds.query(
      `INSERT INTO gate_policies (name, version, definition, definition_sha256, note, created_by, created_at) VALUES ('lenient', 2, '{}', '${'c'.repeat(64)}', NULL, 'rel', 0)`,
    );
    expect((await ds.getRepository(GatePolicyEntity).findOneByOrFail({ name: 'lenient', version: 2 })).status).toBe('proposed');
  });

  it('verifies the old events with the old encoding and chains new ones in format 2 after them', async () => {
    const audit = new AuditService(ds, config);
    await audit.append({ actor: 'bob', action: 'new.event', subject: 'line\nbreak' });
    const events = await ds.getRepository(AuditEventEntity).find({ order: { seq: 'ASC' } });
    expect(events.map((e) => e.format)).toEqual([1, 1, 1, 2]);
    expect(verifyChain(events)).toMatchObject({ ok: true, checked: 4 });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 4, head: { count: 4 } });
  });
});
