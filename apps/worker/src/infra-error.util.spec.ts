import { infraBackoffMs, isInfrastructureError } from './infra-error.util';

describe('isInfrastructureError', () => {
  it('recognises PostgreSQL and Redis being away, directly or wrapped by TypeORM', () => {
    expect(isInfrastructureError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isInfrastructureError(Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('x'), { code: '57P01' }) }))).toBe(true);
    expect(isInfrastructureError(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isInfrastructureError(new Error('Connection is closed.'))).toBe(true);
    expect(isInfrastructureError(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], ''))).toBe(true);
  });

  it('leaves a machine’s own failures to count against its attempts', () => {
    expect(isInfrastructureError(new RangeError('Invalid typed array length: -60000'))).toBe(false);
    expect(isInfrastructureError(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isInfrastructureError(new Error('model version pump@1 has no reference profile'))).toBe(false);
    expect(isInfrastructureError(undefined)).toBe(false);
  });
});

describe('infraBackoffMs', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(infraBackoffMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
