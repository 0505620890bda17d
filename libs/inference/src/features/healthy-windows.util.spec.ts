import { AFTER_EVENT_MS, DEFAULT_HEALTHY_HORIZON_MS, healthyHorizonMs, healthyWindowMask, unhealthyRanges } from './healthy-windows.util';

const H = 3_600_000;
const excludedWindows = (mask: Uint8Array): number[] => [...mask].map((v, i) => (v ? -1 : i + 1)).filter((i) => i > 0);

describe('healthyWindowMask', () => {
  const ends = Float64Array.from({ length: 48 }, (_, i) => (i + 1) * H); // hourly windows of 1 h

  it('excludes the horizon before a failure and the settling time after it', () => {
    const mask = healthyWindowMask(ends, H, [{ ts: 24 * H, kind: 'failure' }], 6 * H, 2 * H);
    // windows [17h,18h) … [25h,26h) overlap [18h, 26h)
    expect(excludedWindows(mask)).toEqual([19, 20, 21, 22, 23, 24, 25, 26]);
  });

  it('excludes only the settling time after maintenance', () => {
    const mask = healthyWindowMask(ends, H, [{ ts: 10 * H, kind: 'maintenance' }], 6 * H, 2 * H);
    expect(excludedWindows(mask)).toEqual([11, 12]);
  });

  it('excludes a long window that only touches the range with its start', () => {
    // 6 h windows ending every hour; a maintenance at 30 h settles until 32 h.
    const mask = healthyWindowMask(ends, 6 * H, [{ ts: 30 * H, kind: 'maintenance' }], 0, 2 * H);
    // windows ending 31h … 37h start before 32 h and end after 30 h
    expect(excludedWindows(mask)).toEqual([31, 32, 33, 34, 35, 36, 37]);
  });

  it('counts windows after the settling time as healthy again', () => {
    const mask = healthyWindowMask(ends, H, [{ ts: 5 * H, kind: 'failure' }], 2 * H, AFTER_EVENT_MS);
    expect(mask[5 + 12]).toBe(1); // the window [17h, 18h)
    expect(mask[5 + 11]).toBe(0); // [16h, 17h) still settles
  });

  it('is all healthy without events', () => {
    expect([...healthyWindowMask(ends, H, [], DEFAULT_HEALTHY_HORIZON_MS)].every((v) => v === 1)).toBe(true);
  });
});

describe('unhealthyRanges and the horizon', () => {
  it('gives the horizon before a failure and the settling time after each event', () => {
    expect(
      unhealthyRanges(
        [
          { ts: 100 * H, kind: 'failure' },
          { ts: 200 * H, kind: 'maintenance' },
        ],
        72 * H,
      ),
    ).toEqual([
      [28 * H, 112 * H],
      [200 * H, 212 * H],
    ]);
  });

  it('uses the manifest horizon when there is one, three days otherwise', () => {
    expect(healthyHorizonMs(7 * 24 * H)).toBe(7 * 24 * H);
    expect(healthyHorizonMs(undefined)).toBe(72 * H);
    expect(healthyHorizonMs(null)).toBe(DEFAULT_HEALTHY_HORIZON_MS);
  });
});
