import { afterAttempt, nextDelivery, OutboxHead, retryDelayMs } from './webhook-delivery.util';

const ev = (seq: number, over: Partial<OutboxHead> = {}): OutboxHead => ({ id: `e${seq}`, seq, status: 'pending', attempts: 0, nextAttemptAt: null, ...over });
const POLICY = { maxAttempts: 4, baseMs: 1000, capMs: 5000 };

describe('retry backoff', () => {
  it('doubles from the base after each failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
    expect(retryDelayMs(1, 250, 3_600_000)).toBe(250);
    expect(retryDelayMs(40, 250, 3_600_000)).toBe(3_600_000);
  });
});

describe('what follows an attempt', () => {
  it('delivers on any 2xx', () => {
    expect(afterAttempt(1, { status: 200 }, POLICY)).toEqual({ kind: 'delivered' });
    expect(afterAttempt(3, { status: 204 }, POLICY)).toEqual({ kind: 'delivered' });
  });

  it('retries a 5xx, a 4xx, a redirect or no answer with growing delays until the last attempt', () => {
    expect(afterAttempt(1, { status: 500 }, POLICY)).toEqual({ kind: 'retry', delayMs: 1000 });
    expect(afterAttempt(2, { status: 404 }, POLICY)).toEqual({ kind: 'retry', delayMs: 2000 });
    expect(afterAttempt(3, { status: 302 }, POLICY)).toEqual({ kind: 'retry', delayMs: 4000 });
  });

  it('pauses the hook after the last attempt, with the reason', () => {
    expect(afterAttempt(4, { status: 503 }, POLICY)).toEqual({ kind: 'pause', reason: 'event not delivered after 4 attempts (last: HTTP 503)' });
    expect(afterAttempt(4, { error: 'no answer within 100 ms' }, POLICY)).toEqual({
      kind: 'pause',
      reason: 'event not delivered after 4 attempts (last: no answer within 100 ms)',
    });
  });
});

describe('which event of a hook goes next', () => {
  it('is the lowest pending sequence number, whatever order the rows come in', () => {
    expect(nextDelivery('active', [ev(3), ev(1, { status: 'delivered' }), ev(2)], 0)).toEqual({ eventId: 'e2', attempt: 1, delayMs: 0 });
  });

  it('keeps a later event waiting while an earlier one retries', () => {
    const next = nextDelivery('active', [ev(5), ev(4, { attempts: 2, nextAttemptAt: 10_000 })], 7000);
    expect(next).toEqual({ eventId: 'e4', attempt: 3, delayMs: 3000 });
  });

  it('sends nothing for a paused hook or an empty outbox', () => {
    expect(nextDelivery('paused', [ev(1)], 0)).toBeNull();
    expect(nextDelivery('active', [ev(1, { status: 'delivered' })], 0)).toBeNull();
    expect(nextDelivery('active', [], 0)).toBeNull();
  });

  it('sends at once a retry whose time has passed', () => {
    expect(nextDelivery('active', [ev(1, { attempts: 1, nextAttemptAt: 100 })], 5000)).toEqual({ eventId: 'e1', attempt: 2, delayMs: 0 });
  });
});
