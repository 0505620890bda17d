import { scoringLagBySite } from './scoring-lag.util';

describe('scoringLagBySite', () => {
  const clock = Date.UTC(2026, 5, 10);
  const min = 60_000;

  it("is the data clock minus each site's newest scored window end, in seconds", () => {
    const lag = scoringLagBySite(
      [
        { site: 'PLT1', endMs: clock - 30 * min },
        { site: 'PLT1', endMs: clock - 10 * min },
        { site: 'PLT2', endMs: clock - 2 * 60 * min },
        { site: 'PLT2', endMs: null },
      ],
      clock,
    );
    expect([...lag.entries()]).toEqual([
      ['PLT1', 600],
      ['PLT2', 7200],
    ]);
  });

  it('gives no entry to a site without a score yet, and none at all without a data clock', () => {
    const rows = [
      { site: 'PLT1', endMs: clock },
      { site: 'PLT3', endMs: null },
    ];
    expect([...scoringLagBySite(rows, clock).entries()]).toEqual([['PLT1', 0]]);
    expect(scoringLagBySite(rows, null).size).toBe(0);
    expect(scoringLagBySite([], clock).size).toBe(0);
  });

  it('is never negative (scores of data newer than the clock read a moment before)', () => {
    expect(scoringLagBySite([{ site: 'PLT1', endMs: clock + 5 * min }], clock).get('PLT1')).toBe(0);
  });
});
