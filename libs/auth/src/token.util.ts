import { createHash, randomBytes } from 'node:crypto';

/** A new API token; only its hash is stored. */
export function newToken(): string {
  return `fg_${randomBytes(24).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
