import { DAY_MS, HOUR_MS } from '@fleetgate/common';
import { baselineBlockedRanges, baselinePeriod } from './baseline-period.util';

const T0 = Date.UTC(2026, 0, 1);
const H = 3 * DAY_MS;
const base = { dataFromMs: T0, dataToMs: T0 + 90 * DAY_MS, horizonMs: H, days: 14 };

describe('baselinePeriod', () => {
  it('takes the first N days of an event-free history, from the first whole hour', () => {
    expect(baselinePeriod({ ...base, events: [] })).toEqual({ ok: true, fromMs: T0, toMs: T0 + 14 * DAY_MS });
    const p = baselinePeriod({ ...base, dataFromMs: T0 + 20 * 60_000, events: [] });
    expect(p).toEqual({ ok: true, fromMs: T0 + HOUR_MS, toMs: T0 + HOUR_MS + 14 * DAY_MS });
  });

  it('moves past a failure, its run-up and the horizon after it', () => {
    // Failure on day 10: days 7–13 are blocked, so the first free 14 days start on day 13.
    const p = baselinePeriod({ ...base, events: [{ ts: T0 + 10 * DAY_MS, kind: 'failure' }] });
    expect(p).toEqual({ ok: true, fromMs: T0 + 13 * DAY_MS, toMs: T0 + 27 * DAY_MS });
  });

  it('keeps a stretch that ends exactly where a failure run-up begins', () => {
    // Failure on day 17: its run-up starts on day 14, the end of the first 14 days.
    const p = baselinePeriod({ ...base, events: [{ ts: T0 + 17 * DAY_MS, kind: 'failure' }] });
    expect(p).toEqual({ ok: true, fromMs: T0, toMs: T0 + 14 * DAY_MS });
    // One hour later and the stretch would touch it: it moves to after the failure's horizon.
    const q = baselinePeriod({ ...base, events: [{ ts: T0 + 17 * DAY_MS - HOUR_MS, kind: 'failure' }] });
    expect(q).toEqual({ ok: true, fromMs: T0 + 20 * DAY_MS - HOUR_MS, toMs: T0 + 34 * DAY_MS - HOUR_MS });
  });

  it('blocks the horizon after a maintenance but not before it', () => {
    const p = baselinePeriod({ ...base, events: [{ ts: T0 + 5 * DAY_MS + 30 * 60_000, kind: 'maintenance' }] });
    // [day 5 + 30 min, day 8 + 30 min) blocked; the next whole hour is day 8 + 1 h.
    expect(p).toEqual({ ok: true, fromMs: T0 + 8 * DAY_MS + HOUR_MS, toMs: T0 + 22 * DAY_MS + HOUR_MS });
    const late = baselinePeriod({ ...base, events: [{ ts: T0 + 14 * DAY_MS, kind: 'maintenance' }] });
    expect(late).toEqual({ ok: true, fromMs: T0, toMs: T0 + 14 * DAY_MS });
  });

  it('finds a gap between several events, in any input order', () => {
    const events = [
      { ts: T0 + 40 * DAY_MS, kind: 'failure' as const },
      { ts: T0 + 2 * DAY_MS, kind: 'maintenance' as const },
      { ts: T0 + 18 * DAY_MS, kind: 'failure' as const },
    ];
    // Blocked: [2, 5), [15, 21), [37, 43) → free [5, 15) is 10 days, too short; [21, 37) fits 14.
    expect(baselinePeriod({ ...base, events })).toEqual({ ok: true, fromMs: T0 + 21 * DAY_MS, toMs: T0 + 35 * DAY_MS });
  });

  it('gives a reason when no stretch is free', () => {
    const events = [10, 25, 40, 55, 70, 85].map((d) => ({ ts: T0 + d * DAY_MS, kind: 'failure' as const }));
    const p = baselinePeriod({ ...base, events });
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.code).toBe('no-free-stretch');
      expect(p.reason).toMatch(/no 14-day stretch/);
    }
    expect(baselinePeriod({ ...base, dataToMs: T0 + 13 * DAY_MS, events: [] })).toMatchObject({ ok: false, code: 'no-free-stretch' });
  });

  it('checks an explicit period the same way', () => {
    const explicit = { fromMs: T0 + 30 * DAY_MS, toMs: T0 + 40 * DAY_MS };
    expect(baselinePeriod({ ...base, events: [], explicit })).toEqual({ ok: true, ...explicit });
    const inside = baselinePeriod({ ...base, events: [{ ts: T0 + 35 * DAY_MS, kind: 'maintenance' }], explicit });
    expect(inside).toMatchObject({ ok: false, code: 'event-inside' });
    if (!inside.ok) expect(inside.reason).toContain('maintenance at 2026-02-05T00:00:00.000Z');
    // A failure two days after the explicit period: the period is in its run-up.
    expect(baselinePeriod({ ...base, events: [{ ts: T0 + 42 * DAY_MS, kind: 'failure' }], explicit })).toMatchObject({ ok: false, code: 'event-inside' });
    // A failure four days after it is not.
    expect(baselinePeriod({ ...base, events: [{ ts: T0 + 44 * DAY_MS, kind: 'failure' }], explicit }).ok).toBe(true);
    expect(baselinePeriod({ ...base, events: [], explicit: { fromMs: T0 - DAY_MS, toMs: T0 + DAY_MS } })).toMatchObject({ ok: false, code: 'outside-data' });
  });

  it('never blocks less than the healthy windows do after an event', () => {
    expect(baselineBlockedRanges([{ ts: 0, kind: 'maintenance' }], HOUR_MS)).toEqual([[0, 12 * HOUR_MS]]);
  });

  it('refuses a non-positive length', () => {
    expect(() => baselinePeriod({ ...base, days: 0, events: [] })).toThrow(RangeError);
  });
});
