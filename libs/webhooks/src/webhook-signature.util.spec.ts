import { createHmac } from 'node:crypto';
import { signDelivery, verifyDelivery } from './webhook-signature.util';

const SECRET = 'whsec_test_0123456789abcdef';
const BODY = '{"id":"evt-1","type":"alarm.raised"}';
const TS = 1764000000;

describe('delivery signature', () => {
  it('is sha256=<hex HMAC-SHA256 of "timestamp.body">, matching an independently computed vector', () => {
    // Reference: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test_0123456789abcdef',
    //   b'1764000000.{\"id\":\"evt-1\",\"type\":\"alarm.raised\"}', hashlib.sha256).hexdigest())"
    const expected = 'ddc9dc0e9cf0d854a13caea1260bf2e50a1915a614ed6ad5ceaa1fefc9947f7c';
    expect(signDelivery(SECRET, TS, BODY)).toBe(`sha256=${expected}`);
    // And the way a receiver would compute it with node:crypto.
    expect(createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex')).toBe(expected);
  });

  it('depends on the secret, the timestamp and every byte of the body', () => {
    const base = signDelivery(SECRET, TS, BODY);
    expect(signDelivery(`${SECRET}x`, TS, BODY)).not.toBe(base);
    expect(signDelivery(SECRET, TS + 1, BODY)).not.toBe(base);
    expect(signDelivery(SECRET, TS, BODY.replace('raised', 'closed'))).not.toBe(base);
  });

  it('verifies a fresh delivery and refuses a tampered, forged or replayed one', () => {
    const signature = signDelivery(SECRET, TS, BODY);
    expect(verifyDelivery(SECRET, { timestamp: String(TS), signature }, BODY, TS + 10)).toEqual({ ok: true });
    expect(verifyDelivery(SECRET, { timestamp: String(TS), signature }, `${BODY} `, TS)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyDelivery('another-secret-entirely', { timestamp: String(TS), signature }, BODY, TS)).toEqual({ ok: false, reason: 'mismatch' });
    // The same capture an hour later: outside the 5-minute window.
    expect(verifyDelivery(SECRET, { timestamp: String(TS), signature }, BODY, TS + 3600)).toEqual({ ok: false, reason: 'stale' });
    // Moving the timestamp forward breaks the signature.
    expect(verifyDelivery(SECRET, { timestamp: String(TS + 3600), signature }, BODY, TS + 3600)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyDelivery(SECRET, { timestamp: 'soon', signature }, BODY, TS)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyDelivery(SECRET, { timestamp: String(TS), signature: undefined }, BODY, TS)).toEqual({ ok: false, reason: 'malformed' });
  });
});
