import { Continuation, payloads, resumeAt, tickCount, tickRange, topicFor } from './publish-tick.util';

const MIN = 60_000;
const HOUR = 3_600_000;

describe('tickRange / tickCount', () => {
  it('publishes N seconds of data per tick: at 3600× an hour of 1-minute samples, 60 per tick', () => {
    expect(tickRange(0, 3600 * 1000, MIN, 2880)).toEqual({ from: 0, to: 60 });
    expect(tickRange(1, 3600 * 1000, MIN, 2880)).toEqual({ from: 60, to: 120 });
    expect(tickCount(3600 * 1000, MIN, 2880)).toBe(48);
    expect(tickRange(47, 3600 * 1000, MIN, 2880)).toEqual({ from: 2820, to: 2880 });
  });

  it('at real time a 1-minute sample goes out every 60th tick, the first at once', () => {
    const published = Array.from({ length: 181 }, (_, k) => tickRange(k, 1000, MIN, 10)).filter((r) => r.to > r.from);
    expect(published).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 3 },
      { from: 3, to: 4 },
    ]);
    expect(tickRange(60, 1000, MIN, 10)).toEqual({ from: 1, to: 2 });
    expect(tickRange(59, 1000, MIN, 10)).toEqual({ from: 1, to: 1 });
  });

  it('covers every sample exactly once whatever the speed, and never past the end', () => {
    for (const [step, interval, length] of [
      [7_000, MIN, 100],
      [90 * MIN, HOUR, 49],
      [1e9, MIN, 120],
    ]) {
      const seen: number[] = [];
      for (let k = 0; k < tickCount(step, interval, length); k++) {
        const { from, to } = tickRange(k, step, interval, length);
        for (let i = from; i < to; i++) seen.push(i);
      }
      expect(seen).toEqual(Array.from({ length }, (_, i) => i));
    }
    expect(tickCount(1000, MIN, 0)).toBe(0);
  });
});

describe('payloads', () => {
  const c: Continuation = {
    assetId: 'PLT1-P200-0007',
    startMs: Date.UTC(2026, 9, 30),
    intervalMs: MIN,
    tags: {
      P200_VIB_01: Float32Array.from({ length: 130 }, (_, i) => i / 4),
      P200_PRES_PSI: Float32Array.from({ length: 130 }, (_, i) => (i === 3 ? NaN : 0.1)),
    },
  };

  it('splits a tick into messages of at most 60 samples, on the grid, NaN as null', () => {
    const out = payloads(c, 0, 130);
    expect(out.map((p) => p.samples.length)).toEqual([60, 60, 10]);
    expect(out[0].samples[3]).toEqual({ ts: '2026-10-30T00:03:00.000Z', values: { P200_VIB_01: 0.75, P200_PRES_PSI: null } });
    expect(out[2].samples[9].ts).toBe('2026-10-30T02:09:00.000Z');
    // the float32 value itself, so the ingest stores exactly what the generator made
    expect(out[0].samples[0].values.P200_PRES_PSI).toBe(Math.fround(0.1));
    expect(JSON.parse(JSON.stringify(out[0])).samples[3].values).toEqual({ P200_VIB_01: 0.75, P200_PRES_PSI: null });
  });

  it('publishes nothing for an empty range', () => {
    expect(payloads(c, 5, 5)).toEqual([]);
  });
});

describe('resumeAt / topicFor', () => {
  const start = Date.UTC(2026, 9, 1);
  const end = start + 29 * 86_400_000;
  it('continues at the end of the history, or after live data that reached further, on the grid', () => {
    expect(resumeAt(start, end, HOUR, null)).toBe(end);
    expect(resumeAt(start, end, HOUR, end - 3 * HOUR)).toBe(end);
    expect(resumeAt(start, end, HOUR, end + 2 * HOUR)).toBe(end + 2 * HOUR);
    expect(resumeAt(start, end, HOUR, end + 2 * HOUR + 1)).toBe(end + 3 * HOUR);
  });

  it('puts each machine on <prefix>/<asset id>', () => {
    expect(topicFor('fleetgate/telemetry', 'PLT1-P200-0007')).toBe('fleetgate/telemetry/PLT1-P200-0007');
  });
});
