import { eventsView, presentBuckets, telemetryView } from './telemetry-view';

describe('telemetryView', () => {
  it('reads one time column per signal', () => {
    const v = telemetryView({
      fromMs: 0,
      toMs: 120,
      signals: [
        { signal: 'vibration_rms', t: [0, 60], min: [1, null], max: [3, null], mean: [2, null] },
        { signal: 'bearing_temp', t: [0], min: [50], max: [52], mean: [51] },
      ],
      events: [{ ts: 30, kind: 'failure', component: 'bearing', code: '' }],
    });
    expect(v.signals.map((s) => s.signal)).toEqual(['bearing_temp', 'vibration_rms']);
    expect(v.signals[1].mean).toEqual([2, null]);
    expect(presentBuckets(v.signals[1])).toBe(1);
    expect(v.events).toHaveLength(1);
  });

  it('reads a shared time column with signals keyed by name, and works out the span', () => {
    const v = telemetryView({ t: [1000, 2000], signals: { power: { min: [1, 2], max: [3, 4], mean: [2, 3] } } });
    expect(v.signals[0]).toEqual({ signal: 'power', t: [1000, 2000], min: [1, 2], max: [3, 4], mean: [2, 3] });
    expect([v.fromMs, v.toMs]).toEqual([1000, 2000]);
    expect(v.events).toEqual([]);
  });

  it('reads ISO bucket starts and the period as the api sends them', () => {
    const v = telemetryView({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      t: ['2026-01-01T00:00:00.000Z', '2026-01-01T12:00:00.000Z'],
      signals: { speed: { min: [1, null], max: [2, null], mean: [1.5, null] } },
    });
    expect(v.signals[0].t).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1, 12)]);
    expect([v.fromMs, v.toMs]).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2)]);
  });
});

describe('eventsView', () => {
  it('turns the api events into markers', () => {
    expect(eventsView({ events: [{ at: '2026-01-01T06:00:00.000Z', kind: 'failure', component: 'bearing', code: '' }] })).toEqual([
      { ts: Date.UTC(2026, 0, 1, 6), kind: 'failure', component: 'bearing', code: '' },
    ]);
  });
});
