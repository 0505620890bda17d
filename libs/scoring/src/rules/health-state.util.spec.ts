import { decideState, HEALTH_THRESHOLDS, scoredState, StateInput, worseState } from './health-state.util';

const CLOCK = Date.UTC(2026, 5, 1);
const base: StateInput = { covered: true, suspendedReason: null, lastDataMs: CLOCK, dataClockMs: CLOCK, scored: 'ok' };

describe('decideState', () => {
  it('a machine no production deployment serves is not-covered, never ok', () => {
    expect(decideState({ ...base, covered: false }).state).toBe('not-covered');
  });

  it('suspended carries the reason', () => {
    expect(decideState({ ...base, suspendedReason: 'baseline reset' })).toEqual({ state: 'suspended', reason: 'baseline reset' });
  });

  it("no-data compares the machine's newest sample with the fleet's (the data clock), not the wall clock", () => {
    expect(decideState({ ...base, lastDataMs: CLOCK - HEALTH_THRESHOLDS.noDataMs }).state).toBe('ok');
    expect(decideState({ ...base, lastDataMs: CLOCK - HEALTH_THRESHOLDS.noDataMs - 1 }).state).toBe('no-data');
    // A replay years in the past: the clock is the fleet's data, so fresh data stay ok.
    expect(decideState({ ...base, lastDataMs: Date.UTC(2001, 0, 1), dataClockMs: Date.UTC(2001, 0, 1) }).state).toBe('ok');
    expect(decideState({ ...base, lastDataMs: null }).state).toBe('no-data');
  });

  it('a covered machine never scored is not shown healthy', () => {
    expect(decideState({ ...base, scored: null })).toEqual({ state: 'no-data', reason: 'not scored yet' });
  });

  it('passes the scored state through otherwise', () => {
    expect(decideState({ ...base, scored: 'alarm' }).state).toBe('alarm');
    expect(decideState({ ...base, scored: 'watch', scoredReason: '1 of the last 4' })).toEqual({ state: 'watch', reason: '1 of the last 4' });
  });
});

describe('scoredState and worseState', () => {
  it('alarm when an unsuppressed alarm is open, watch on any recent window beyond, else ok', () => {
    expect(scoredState(true, 0)).toBe('alarm');
    expect(scoredState(false, 2)).toBe('watch');
    expect(scoredState(false, 0)).toBe('ok');
  });

  it('orders alarm before watch before no-data … before ok', () => {
    expect(worseState('ok', 'watch')).toBe('watch');
    expect(worseState('alarm', 'no-data')).toBe('alarm');
    expect(worseState('not-covered', 'ok')).toBe('not-covered');
  });
});
