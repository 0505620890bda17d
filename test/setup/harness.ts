import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Role } from '@fleetgate/common';
import { UserService } from '@fleetgate/auth';
import { REDIS_URL, testDatabaseUrl, testQueuePrefix } from './test-env';

export interface TestEnv {
  DATABASE_URL?: string;
  DATABASE_SCHEMA?: string;
  FLEETGATE_DATA_DIR: string;
  REDIS_URL: string;
  FLEETGATE_QUEUE_PREFIX: string;
}

/** A fresh PostgreSQL schema, data dir and Redis prefix for one test file (or SQLite with `sqlite: true`). */
export function isolatedEnv(opts: { sqlite?: boolean } = {}): TestEnv {
  const tag = randomBytes(4).toString('hex');
  const env: TestEnv = {
    FLEETGATE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-test-')),
    REDIS_URL,
    FLEETGATE_QUEUE_PREFIX: `${testQueuePrefix()}${tag}`,
  };
  if (!opts.sqlite) {
    env.DATABASE_URL = testDatabaseUrl();
    env.DATABASE_SCHEMA = `t_${tag}`;
  }
  return env;
}

/** Puts the env in process.env (the app reads its config from there). */
export function applyEnv(env: TestEnv): void {
  delete process.env.DATABASE_URL;
  delete process.env.DATABASE_SCHEMA;
  Object.assign(process.env, env, { LOG_LEVEL: 'error' });
}

export interface TestApi {
  app: INestApplication;
  url: string;
  env: TestEnv;
  tokens: Record<string, string>;
  close: () => Promise<void>;
}

/** Default users of every role; `pm` is a plant manager of site PLT1. */
export const TEST_USERS: Array<{ name: string; role: Role; sites?: string[] }> = [
  { name: 'admin', role: 'admin' },
  { name: 'mle', role: 'ml-engineer' },
  { name: 'rel', role: 'reliability-engineer' },
  { name: 'rel2', role: 'reliability-engineer' },
  { name: 'pm', role: 'plant-manager', sites: ['PLT1'] },
];

/** Starts the real api (real database, migrations, guards, filter) on a free port. */
export async function startApi(opts: { sqlite?: boolean; env?: TestEnv } = {}): Promise<TestApi> {
  const env = opts.env ?? isolatedEnv(opts);
  applyEnv(env);
  // Imported late so the module graph sees the env above.
  const { createApi } = await import('../../apps/api/src/bootstrap');
  const { app } = await createApi({ logs: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const users = app.get(UserService);
  const tokens: Record<string, string> = {};
  for (const u of TEST_USERS) tokens[u.name] = (await users.create(u, 'test')).token;
  return { app, url, env, tokens, close: () => app.close() };
}
