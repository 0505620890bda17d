/**
 * Where integration and e2e tests find PostgreSQL and Redis. Each jest run gets its own
 * database (created in global setup, dropped in teardown) and its own Redis key prefix;
 * each test file gets its own schema inside that database.
 */
export const PG_ADMIN_URL = process.env.FLEETGATE_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.FLEETGATE_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export function testDatabaseUrl(): string {
  const url = process.env.FLEETGATE_TEST_DATABASE_URL;
  if (!url) throw new Error('FLEETGATE_TEST_DATABASE_URL is not set: run integration tests through jest (global setup creates the database)');
  return url;
}

export function testQueuePrefix(): string {
  return process.env.FLEETGATE_TEST_QUEUE_PREFIX || 'fgtest';
}
