import { ArgumentsHost } from '@nestjs/common';
import { AppExceptionFilter } from './app-exception.filter';

/** What the filter answers, through a stand-in for Express's response (the filter only calls status().json()). */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const out = { status: 0, body: {} as Record<string, unknown> };
  const response = { status: (n: number) => ((out.status = n), { json: (b: Record<string, unknown>) => (out.body = b) }) };
  const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }) } as unknown as ArgumentsHost;
  new AppExceptionFilter().catch(exception, host);
  return out;
}

describe('AppExceptionFilter', () => {
  it('answers a database lock held past the busy timeout with 503 DATABASE_BUSY, not a 500', () => {
    // What TypeORM throws when better-sqlite3 stays busy: a QueryFailedError carrying the driver's code.
    const busy = Object.assign(new Error('SqliteError: database is locked'), { driverError: { code: 'SQLITE_BUSY' } });
    expect(answer(busy)).toEqual({
      status: 503,
      body: { statusCode: 503, code: 'DATABASE_BUSY', message: 'the database stayed locked by another writer; nothing was written — retry the request' },
    });
    expect(answer(Object.assign(new Error('could not obtain lock'), { code: '55P03' })).status).toBe(503);
  });

  it('still answers anything unknown with a 500 and an error id', () => {
    const r = answer(new Error('boom'));
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/^internal error \(error id [0-9a-f-]{36}\)$/) });
  });
});
