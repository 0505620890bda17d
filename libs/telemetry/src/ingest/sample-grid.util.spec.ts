import { DAY_MS } from '@fleetgate/common';
import { inferInterval, samplesToChunks } from './sample-grid.util';

const D0 = Date.UTC(2026, 2, 1);
const MIN = 60_000;

describe('inferInterval', () => {
  it('takes the most common positive difference, whatever the order and with gaps', () => {
    // diffs after sorting: 60 s ×4, 300 s (a gap) ×1, 0 (a repeated time) ignored
    expect(inferInterval([D0 + 2 * MIN, D0, D0 + MIN, D0 + 3 * MIN, D0 + 4 * MIN, D0 + 9 * MIN, D0 + 9 * MIN])).toBe(MIN);
  });

  it('breaks ties toward the smaller difference and gives null for one sample', () => {
    expect(inferInterval([0, 10, 30])).toBe(10);
    expect(inferInterval([5])).toBeNull();
  });
});

describe('samplesToChunks', () => {
  it('places samples by day on the grid, snapping off-grid times to the nearest slot', () => {
    const times = [D0, D0 + MIN + 20_000, D0 + DAY_MS - MIN, D0 + DAY_MS];
    const r = samplesToChunks('flow', MIN, 0, times, [1, 2, 3, 4]);
    expect(r.chunks.map((c) => c.day)).toEqual([D0, D0 + DAY_MS]);
    expect(r.snapped).toBe(1);
    expect(r.chunks[0].values[0]).toBe(1);
    expect(r.chunks[0].values[1]).toBe(2);
    expect(r.chunks[0].values[1439]).toBe(3);
    expect(r.chunks[1].values[0]).toBe(4);
  });

  it('counts a repeated sample as a duplicate and a changed one as a replacement (last wins)', () => {
    const r = samplesToChunks('flow', MIN, 0, [D0, D0, D0 + MIN, D0 + MIN], [1, 1, 2, 5]);
    expect({ duplicates: r.duplicates, replaced: r.replaced }).toEqual({ duplicates: 1, replaced: 1 });
    expect(Array.from(r.chunks[0].values.slice(0, 2))).toEqual([1, 5]);
  });
});
