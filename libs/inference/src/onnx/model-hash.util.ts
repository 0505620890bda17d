import { createHash } from 'node:crypto';

/** Content address of a model artifact: lowercase hex sha256 of its bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
