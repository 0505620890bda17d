import { HOUR_MS } from '@fleetgate/common';
import { countSpikes, gapStats, signalQuality, stuckRuns, worstGrade } from './quality.util';

const MIN = 60_000;
const series = (values: number[], intervalMs = MIN) => ({ startMs: 0, intervalMs, values: Float32Array.from(values) });

describe('gapStats', () => {
  it('measures runs of missing samples against the series interval', () => {
    // gaps of 2, 1 and 3 samples (the last one trailing)
    const g = gapStats(Float32Array.from([1, NaN, NaN, 2, NaN, 3, NaN, NaN, NaN]), MIN, 3 * MIN);
    expect(g).toEqual({ count: 3, longCount: 1, longestMs: 3 * MIN, totalMs: 6 * MIN });
  });
});

describe('stuckRuns', () => {
  it('counts runs of identical values of at least the minimum length; a missing sample breaks a run', () => {
    const r = stuckRuns(Float32Array.from([5, 5, 5, 5, 1, 2, 2, 2, NaN, 2, 2, 7]), 3);
    expect(r).toEqual({ runs: 2, samples: 7, longest: 4 });
  });
});

describe('countSpikes', () => {
  it('flags samples far from the median in MAD units, none when MAD is 0', () => {
    // median 3, |dev| = 2,1,0,1,2,97 → MAD = 1.5, scale 2.2239; 100 is at z ≈ 43.6, 5 at 0.9
    expect(countSpikes(Float64Array.from([1, 2, 3, 4, 5, 100]), 8)).toBe(1);
    expect(countSpikes(Float64Array.from([2, 2, 2, 2, 9]), 8)).toBe(0);
  });
});

describe('signalQuality', () => {
  it('grades a clean noisy signal good with coverage 1', () => {
    const values = Array.from({ length: 500 }, (_, i) => 10 + Math.sin(i * 0.7) + 0.01 * ((i * 7919) % 13));
    const q = signalQuality('speed', series(values), { min: 0, max: 100 });
    expect(q).toMatchObject({ expected: 500, present: 500, coverage: 1, flat: false, grade: 'good', reasons: [] });
    expect(q.outOfRange).toEqual({ count: 0, share: 0 });
  });

  it('calls a constant signal flat and unusable, and computes mean/std like numpy', () => {
    const q = signalQuality('cmapss_s1', series(new Array(200).fill(518.67), HOUR_MS), { min: 400, max: 600 });
    expect(q.flat).toBe(true);
    expect(q.grade).toBe('unusable');
    expect(q.reasons.join()).toContain('flat');
    // stored as Float32: numpy's np.float32(518.67) is 518.66998291015625
    expect(q.mean).toBe(Math.fround(518.67));
  });

  it('does not call a two-level quantised signal flat (C-MAPSS s6: 21.60/21.61)', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i % 17 === 0 ? 21.6 : 21.61));
    expect(signalQuality('cmapss_s6', series(values, HOUR_MS), null).flat).toBe(false);
  });

  it('degrades on coverage, long gaps and out-of-range; reasons name each', () => {
    const values: number[] = [];
    for (let i = 0; i < 1000; i++) values.push(i >= 100 && i < 500 ? NaN : i % 10 === 0 ? 150 : 50 + (i % 7));
    // 400 missing of 1000 (coverage 0.6), one 400-minute gap, 60 of 600 present out of [0, 100];
    // the 150s sit ~70 MAD-units above the median 53, so they are spikes as well
    const q = signalQuality('bearing_temp', series(values), { min: -40, max: 100 });
    expect(q.coverage).toBeCloseTo(0.6, 12);
    expect(q.gaps).toMatchObject({ count: 1, longCount: 1, longestMs: 400 * MIN });
    expect(q.outOfRange).toEqual({ count: 60, share: 0.1 });
    expect(q.grade).toBe('degraded');
    expect(q.reasons).toEqual([
      expect.stringContaining('coverage 60.0%'),
      expect.stringContaining('longest gap'),
      expect.stringContaining('out of range 10.0%'),
      expect.stringContaining('spikes 10.0%'),
    ]);
  });

  it('is unusable with no samples and below half coverage', () => {
    expect(signalQuality('x', series([NaN, NaN]), null).grade).toBe('unusable');
    expect(signalQuality('x', series([1, 2, NaN, NaN, NaN]), null).reasons[0]).toContain('coverage 40.0%');
  });

  it('flags a stuck stretch inside a moving signal', () => {
    const values = Array.from({ length: 600 }, (_, i) => (i >= 200 && i < 320 ? 42 : 40 + Math.sin(i)));
    const q = signalQuality('pressure', series(values), null);
    expect(q.stuck).toMatchObject({ runs: 1, samples: 120, share: 0.2, longestRunMs: 120 * MIN });
    expect(q.grade).toBe('degraded');
  });

  it('orders grades', () => {
    expect(worstGrade(['good', 'degraded', 'good'])).toBe('degraded');
    expect(worstGrade([])).toBe('good');
  });
});
