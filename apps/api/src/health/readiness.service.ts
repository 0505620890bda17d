import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@fleetgate/config';
import { pingRedis } from '@fleetgate/queue';

export interface Check {
  status: 'ok' | 'failed';
  reason?: string;
}

const CHECK_DEADLINE_MS = 2000;

/** The readiness checks, each with its reason when it fails; none of them throws. */
@Injectable()
export class ReadinessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async database(): Promise<Check> {
    try {
      await deadline(this.dataSource.query('SELECT 1'), 'the database');
      return { status: 'ok' };
    } catch (error) {
      return { status: 'failed', reason: `SELECT 1 failed: ${(error as Error).message}` };
    }
  }

  async redis(): Promise<Check> {
    return (await pingRedis(this.config.redisUrl, CHECK_DEADLINE_MS))
      ? { status: 'ok' }
      : { status: 'failed', reason: `no PING answer from Redis within ${CHECK_DEADLINE_MS} ms` };
  }

  /** Every migration this build ships is recorded as applied (TypeORM's `migrations` table). */
  async migrations(): Promise<Check> {
    try {
      const rows = await deadline(this.dataSource.query('SELECT name FROM migrations') as Promise<Array<{ name: string }>>, 'the database');
      const applied = new Set(rows.map((r) => r.name));
      const pending = this.dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
      return pending.length === 0 ? { status: 'ok' } : { status: 'failed', reason: `${pending.length} migration(s) not applied: ${pending.join(', ')}` };
    } catch (error) {
      return { status: 'failed', reason: `cannot read the applied migrations: ${(error as Error).message}` };
    }
  }
}

async function deadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_DEADLINE_MS} ms`)), CHECK_DEADLINE_MS)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
