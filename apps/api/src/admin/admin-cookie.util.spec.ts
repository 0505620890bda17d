import { bearerToken, clearedCookie, cookieToken, sessionCookie } from './admin-cookie.util';

describe('admin session cookie', () => {
  it('is HttpOnly, SameSite=Strict and scoped to /api/admin; Secure only over https', () => {
    const c = sessionCookie('fg_abc', false);
    expect(c).toMatch(/^fleetgate_admin=fg_abc; /);
    expect(c).toContain('HttpOnly');
    expect(c).toContain('SameSite=Strict');
    expect(c).toContain('Path=/api/admin');
    expect(c).not.toContain('Secure');
    expect(sessionCookie('fg_abc', true)).toContain('Secure');
    expect(clearedCookie()).toContain('Max-Age=0');
  });

  it('reads the token back from a Cookie header among others', () => {
    expect(cookieToken(`theme=dark; ${sessionCookie('fg_abc', false).split(';')[0]}; x=1`)).toBe('fg_abc');
    expect(cookieToken('theme=dark')).toBeUndefined();
    expect(cookieToken(undefined)).toBeUndefined();
    expect(cookieToken('fleetgate_admin=%E0%A4%A')).toBeUndefined();
  });

  it('reads a Bearer header', () => {
    expect(bearerToken('Bearer fg_x')).toBe('fg_x');
    expect(bearerToken('Basic abc')).toBeUndefined();
  });
});
