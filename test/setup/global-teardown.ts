import { Client } from 'pg';
import { deleteQueueKeys } from '@fleetgate/queue';
import { PG_ADMIN_URL, REDIS_URL } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.FLEETGATE_TEST_DATABASE_NAME;
  if (name) {
    const client = new Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
  const prefix = process.env.FLEETGATE_TEST_QUEUE_PREFIX;
  // Every test file's prefix starts with the run's, so this removes them all.
  if (prefix) await deleteQueueKeys(REDIS_URL, prefix);
}
