import { createHmac, timingSafeEqual } from 'node:crypto';

/** The request headers of every delivery. */
export const TIMESTAMP_HEADER = 'X-Fleetgate-Timestamp';
export const SIGNATURE_HEADER = 'X-Fleetgate-Signature';
/** How far a receiver should accept a timestamp from its own clock (the documented default). */
export const DEFAULT_TOLERANCE_S = 300;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, keyed with the hook's secret. */
export function signDelivery(secret: string, timestampS: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * What a receiver does: the signature must match the exact body bytes and timestamp, and the
 * timestamp must be within `toleranceS` of the receiver's clock, so a captured delivery
 * replayed later is refused (remember event ids to refuse a replay inside the window too).
 */
export function verifyDelivery(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = DEFAULT_TOLERANCE_S,
): VerifyResult {
  const ts = Number(headers.timestamp);
  if (!headers.timestamp || !/^\d+$/.test(headers.timestamp) || !headers.signature) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowS - ts) > toleranceS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signDelivery(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
