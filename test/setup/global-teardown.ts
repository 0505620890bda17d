import Redis from 'ioredis';
import { Client } from 'pg';
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
  if (prefix) {
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}
