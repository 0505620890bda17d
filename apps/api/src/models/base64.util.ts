import { invalid } from '@fleetgate/common';

/** Strict base64 (standard or url-safe alphabet, optional padding): Buffer.from alone would skip bad characters silently. */
export function decodeBase64(text: string, field: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) throw invalid(`${field} is empty`, [{ field, message: 'empty' }]);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) {
    throw invalid(`${field} is not base64`, [{ field, message: 'not base64 (A–Z a–z 0–9 + / with = padding)' }]);
  }
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
}
