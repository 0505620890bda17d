import { dataSpan, errorContext, seriesQuality } from './assess-machine.util';

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

describe('errorContext', () => {
  // Four 6 h windows ending at 6, 7, 8 and 20 h (the feature builder skips the ones between); only those ending at 7 h and 20 h alarmed.
  const windows = { rows: 4, windowEndMs: Float64Array.from([6 * H, 7 * H, 8 * H, 20 * H]) };
  const alarms = Uint8Array.from([0, 1, 0, 1]);

  it('counts the error events of the period and those inside an alarmed window [end − window, end)', () => {
    // 0.5 h: only in the window ending 6 h (quiet); 1 h: also in the one ending 7 h (alarm);
    // 7 h: windows ending 8 h only (7 h is the end of the alarmed one, exclusive); 15 h: in [14 h, 20 h) (alarm); 22 h: none.
    expect(errorContext([0.5 * H, 1 * H, 7 * H, 15 * H, 22 * H], windows, alarms, 6 * H, 0, 24 * H)).toEqual({ errorEvents: 5, errorEventsInAlarmWindows: 2 });
  });

  it('leaves out events outside the evaluated period, and counts none in alarms without windows', () => {
    expect(errorContext([-H, 1 * H, 24 * H], windows, alarms, 6 * H, 0, 24 * H)).toEqual({ errorEvents: 1, errorEventsInAlarmWindows: 1 });
    expect(errorContext([1 * H], null, new Uint8Array(0), 6 * H, 0, 24 * H)).toEqual({ errorEvents: 1, errorEventsInAlarmWindows: 0 });
  });
});
