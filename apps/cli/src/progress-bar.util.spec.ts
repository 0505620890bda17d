import { progressLine } from './progress-bar.util';

describe('progressLine', () => {
  it('shows machines done, failures, rate and ETA', () => {
    expect(progressLine(100, 2, 400, 10_000, 10)).toBe('[###-------] 102/400 (2 failed) 10.2/s ETA 30s');
  });

  it('has no ETA before anything finished', () => {
    expect(progressLine(0, 0, 400, 1000, 4)).toBe('[----] 0/400 0.0/s ETA ?');
  });
});
