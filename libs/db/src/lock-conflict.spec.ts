import { isLockConflict, isUniqueViolation } from './migrate.util';

describe('isLockConflict', () => {
  it('recognises PostgreSQL deadlock, serialisation and lock failures and SQLite busy, as TypeORM wraps them', () => {
    for (const code of ['40P01', '40001', '55P03']) expect(isLockConflict({ driverError: { code } })).toBe(true);
    expect(isLockConflict({ code: 'SQLITE_BUSY' })).toBe(true);
  });

  it('leaves other errors alone, unique violations included', () => {
    expect(isLockConflict({ driverError: { code: '23505' } })).toBe(false);
    expect(isUniqueViolation({ driverError: { code: '23505' } })).toBe(true);
    expect(isLockConflict(new Error('boom'))).toBe(false);
    expect(isLockConflict(undefined)).toBe(false);
  });
});
