import { healthyMask, preFailureLabels } from './healthy-mask.util';

const H = 3_600_000;

describe('healthyMask', () => {
  const ends = Float64Array.from({ length: 48 }, (_, i) => (i + 1) * H); // hourly windows of 1 h

  it('excludes the horizon before a failure and the settling time after it', () => {
    const mask = healthyMask(ends, H, [{ ts: 24 * H, kind: 'failure' }], 6 * H, 2 * H);
    // windows [17h,18h) … [25h,26h) overlap [18h, 26h)
    const excluded = [...mask].map((v, i) => (v ? -1 : i + 1)).filter((i) => i > 0);
    expect(excluded).toEqual([19, 20, 21, 22, 23, 24, 25, 26]);
  });

  it('excludes only the settling time after maintenance', () => {
    const mask = healthyMask(ends, H, [{ ts: 10 * H, kind: 'maintenance' }], 6 * H, 2 * H);
    expect([...mask].filter((v) => v === 0)).toHaveLength(2);
    expect(mask[10]).toBe(0);
    expect(mask[11]).toBe(0);
  });
});

describe('preFailureLabels', () => {
  it('labels windows ending within the horizon before the failure', () => {
    const ends = Float64Array.from({ length: 10 }, (_, i) => (i + 1) * H);
    expect([...preFailureLabels(ends, [8 * H], 3 * H)]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
  });
});
