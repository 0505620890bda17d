/**
 * The queue view's browser session: the admin's own token in an HttpOnly, SameSite=Strict
 * cookie scoped to `/api/admin`, so a page (which cannot send a Bearer header) is let in, no
 * script can read it, and no other site can make the browser send it (the view's retry and
 * clean buttons are state-changing). Revoking the user ends the session at its next request.
 */
export const ADMIN_COOKIE = 'fleetgate_admin';
export const ADMIN_COOKIE_PATH = '/api/admin';
export const ADMIN_SESSION_SECONDS = 8 * 3600;

export function sessionCookie(token: string, secure: boolean): string {
  return [
    `${ADMIN_COOKIE}=${encodeURIComponent(token)}`,
    `Path=${ADMIN_COOKIE_PATH}`,
    `Max-Age=${ADMIN_SESSION_SECONDS}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedCookie(): string {
  return `${ADMIN_COOKIE}=; Path=${ADMIN_COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Strict`;
}

/** The token in the admin cookie of a `Cookie` header, or undefined. */
export function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === ADMIN_COOKIE) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The token of an `Authorization: Bearer` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}
