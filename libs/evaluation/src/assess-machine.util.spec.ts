import { dataSpan, seriesQuality } from './assess-machine.util';

const H = 3_600_000;

describe('dataSpan', () => {
  it('runs from the first to the last present sample of any signal, within the period', () => {
    const a = { startMs: 0, intervalMs: H, values: Float32Array.from([NaN, NaN, 1, 2, NaN, 3, NaN, NaN]) };
    const b = { startMs: 0, intervalMs: H, values: Float32Array.from([NaN, 5, 1, NaN, NaN, NaN, NaN, NaN]) };
    expect(dataSpan([a, b, undefined], 0, 8 * H)).toEqual({ fromMs: 1 * H, toMs: 6 * H });
    expect(dataSpan([a], 3 * H, 8 * H)).toEqual({ fromMs: 3 * H, toMs: 6 * H });
  });

  it('is the whole period when nothing is present', () => {
    expect(dataSpan([undefined], 0, 5 * H)).toEqual({ fromMs: 0, toMs: 5 * H });
  });
});

describe('seriesQuality', () => {
  it('measures the gap share and the longest gap on the series grid', () => {
    const s = { startMs: 0, intervalMs: H, values: Float32Array.from([1, NaN, NaN, NaN, 2, 3, NaN, 4, 5, 6]) };
    expect(seriesQuality('x', s, 0, 10 * H)).toEqual({ signal: 'x', present: true, gapFraction: 0.4, longestGapHours: 3 });
  });

  it('calls a signal without a series missing over the whole period', () => {
    expect(seriesQuality('x', undefined, 0, 10 * H)).toMatchObject({ present: false, gapFraction: 1, longestGapHours: 10 });
  });
});
