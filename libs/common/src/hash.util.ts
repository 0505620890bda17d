import { createHash } from 'node:crypto';

/** Lowercase hex sha256 of bytes or of a string's UTF-8: content addresses, report and token hashes. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
