import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@fleetgate/common';

/** A new API token; only its hash is stored. */
export function newToken(): string {
  return `fg_${randomBytes(24).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return sha256Hex(token);
}
