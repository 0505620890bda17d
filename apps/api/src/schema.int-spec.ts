import { DataSource } from 'typeorm';
import { startApi, TestApi } from '../../../test/setup/harness';

/** Migrations are the only source of the schema: after them, TypeORM must see nothing to change, on either database. */
describe.each([
  ['PostgreSQL', false],
  ['SQLite', true],
])('schema after migrations on %s', (_name, sqlite) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ sqlite });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  it('matches every entity (no pending schema change)', async () => {
    const pending = await api.app.get(DataSource).driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
