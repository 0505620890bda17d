import { assessMachine } from '../assess-machine.util';
import { warmUpMachine } from './warm-up.util';

describe('warmUpMachine (what a worker evaluates before its first run)', () => {
  // A warm-up only helps if it goes where real machines go: every part of the assessment, from stored rollup bytes.
  it('takes the evaluation through windows, scores, drift, domain intervals and labelled performance', () => {
    const args = warmUpMachine(1);
    const a = assessMachine(args);
    expect(args.hourly && Object.keys(args.hourly)).toHaveLength(8);
    expect(a.coverage.windowsUsable).toBeGreaterThan(600);
    expect(a.coverage.windowsUsable).toBeLessThan(a.coverage.windowsTotal); // the gap drops some windows
    expect(a.drift.features).toHaveLength(48);
    expect(a.drift.features.every((f) => Number.isFinite(f.psi) && Number.isFinite(f.ks))).toBe(true);
    // 27 healthy days of hours: two signals near the bound take the full bootstrap, the others settle from its first resamples.
    expect(a.domain).toHaveLength(8);
    expect(a.domain.filter((d) => d.levelShiftInterval).length).toBeGreaterThanOrEqual(2);
    expect(a.domain.filter((d) => d.farFromBounds).length).toBeGreaterThanOrEqual(2);
    expect(a.domain.every((d) => d.days === 27)).toBe(true);
    expect(a.performance?.failures).toBe(1);
    expect(a.output.alarmRate).toBeGreaterThan(0);
  });

  it('makes another machine for another seed, the same for the same seed', () => {
    const one = assessMachine(warmUpMachine(1));
    expect(assessMachine(warmUpMachine(1))).toEqual(one);
    expect(assessMachine(warmUpMachine(2)).output.medianScore).not.toBe(one.output.medianScore);
  });
});
