import { Client } from 'pg';
import { PG_ADMIN_URL } from './test-env';

export default async function globalSetup(): Promise<void> {
  const name = `fleetgate_test_${Date.now()}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  process.env.FLEETGATE_TEST_DATABASE_URL = url.toString();
  process.env.FLEETGATE_TEST_DATABASE_NAME = name;
  process.env.FLEETGATE_TEST_QUEUE_PREFIX = `fgtest${Date.now()}${process.pid}`;
}
