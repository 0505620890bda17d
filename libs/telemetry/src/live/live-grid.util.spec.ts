import { inferLiveInterval, liveGrid, placeOnGrid } from './live-grid.util';

const T0 = Date.UTC(2026, 5, 1, 11, 0, 0);
const S = 1000;
const MIN = 60_000;

describe('inferLiveInterval', () => {
  it('takes the most common difference when it is at least half of them (gaps and order do not matter)', () => {
    expect(inferLiveInterval([T0 + 3 * MIN, T0, T0 + MIN, T0 + 2 * MIN, T0 + 9 * MIN])).toBe(MIN); // 1,1,1,6 min
    expect(inferLiveInterval([0, 10 * S, 20 * S, 30 * S, 40 * S, 40 * S])).toBe(10 * S); // a repeated time is one time
  });

  it('rounds a jittered median to the usual interval within 10 %', () => {
    const jittered = [0, 10_012, 19_995, 30_020, 39_990, 50_007].map((d) => T0 + d);
    expect(inferLiveInterval(jittered)).toBe(10 * S);
  });

  it('gives null with fewer than 5 distinct times or no usual interval near the median', () => {
    expect(inferLiveInterval([T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN])).toBeNull();
    expect(inferLiveInterval([0, 7_100, 14_950, 22_000, 29_300].map((d) => T0 + d))).toBeNull(); // ~7.3 s: no usual interval
  });
});

describe('liveGrid', () => {
  it('keeps a stored series on its own grid, whatever the message says', () => {
    const times = [0, 1, 2, 3, 4, 5].map((k) => T0 + k * 10 * S);
    expect(liveGrid({ intervalMs: MIN, firstMs: T0 + 15 * S }, times, 30 * S)).toEqual({ intervalMs: MIN, phaseMs: 15 * S, source: 'stored' });
  });

  it('starts a new series on the inferred interval, else on the nominal one, phased on the earliest sample', () => {
    const batch = [5, 4, 3, 2, 1, 0].map((k) => T0 + 7 * S + k * 10 * S);
    expect(liveGrid(undefined, batch, MIN)).toEqual({ intervalMs: 10 * S, phaseMs: 7 * S, source: 'inferred' });
    expect(liveGrid(undefined, [T0 + 7 * S], MIN)).toEqual({ intervalMs: MIN, phaseMs: 7 * S, source: 'nominal' });
  });
});

describe('placeOnGrid', () => {
  const grid = { intervalMs: MIN, phaseMs: 0 };

  it('stores a sample less than half an interval off in its nearest slot and counts it as snapped', () => {
    const r = placeOnGrid([T0, T0 + MIN + 29_999, T0 + 2 * MIN - 1, T0 + 3 * MIN + 12], [1, 2, 3, 4], grid);
    expect(r.times).toEqual([T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
    expect(r.values).toEqual([1, 2, 3, 4]);
    expect(r.snapped).toBe(3);
    expect(r.offGrid).toEqual({ count: 0, firstMs: null });
  });

  it('refuses a sample exactly midway between two slots', () => {
    const r = placeOnGrid([T0 + 30 * S, T0 + MIN, T0 + 90 * S], [1, 2, 3], grid);
    expect(r.times).toEqual([T0 + MIN]);
    expect(r.offGrid).toEqual({ count: 2, firstMs: T0 + 30 * S });
  });

  it('respects the grid phase, also for times before it', () => {
    const r = placeOnGrid([T0 + 15 * S - 1, 15 * S - MIN + 100], [1, 2], { intervalMs: MIN, phaseMs: 15 * S });
    expect(r.times).toEqual([T0 + 15 * S, 15 * S - MIN]);
    expect(r.snapped).toBe(2);
  });
});
