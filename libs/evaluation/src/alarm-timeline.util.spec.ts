import { alarmTimeline, expandRuns } from './alarm-timeline.util';

const H = 3_600_000;

describe('alarmTimeline', () => {
  it('keeps runs of consecutive window ends and splits them at gaps', () => {
    // windows every hour, with a 3-hour hole (downtime) after the fourth
    const ends = [1, 2, 3, 4, 8, 9, 10].map((h) => h * H);
    const alarms = [0, 1, 1, 0, 1, 0, 1];
    const t = alarmTimeline(ends, alarms, ends.length, 6 * H, H);
    expect(t.scored).toEqual([
      [1 * H, 4 * H],
      [8 * H, 10 * H],
    ]);
    expect(t.alarmed).toEqual([
      [2 * H, 3 * H],
      [8 * H, 8 * H],
      [10 * H, 10 * H],
    ]);
    expect(t.windowMs).toBe(6 * H);
  });

  it('round-trips through expandRuns to exactly the scored and alarmed window ends', () => {
    const ends = [0, 1, 2, 5, 6, 7, 8, 20].map((h) => h * H);
    const alarms = [1, 1, 0, 0, 1, 1, 1, 1];
    const t = alarmTimeline(ends, alarms, ends.length, H, H);
    expect(expandRuns(t.scored, H)).toEqual(ends);
    expect(expandRuns(t.alarmed, H)).toEqual(ends.filter((_, i) => alarms[i]));
  });

  it('reads only the first `rows` windows and gives empty runs for no windows', () => {
    expect(alarmTimeline([H, 2 * H], [1, 1], 1, H, H).alarmed).toEqual([[H, H]]);
    expect(alarmTimeline([], [], 0, H, H)).toEqual({ windowMs: H, stepMs: H, scored: [], alarmed: [] });
  });
});
