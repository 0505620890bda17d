import { anomalyTrainingSet, failureTrainingSet, failureWithinHorizonLabels, selectRows } from './training-set.util';

const H = 3_600_000;

describe('failureWithinHorizonLabels', () => {
  const ends = Array.from({ length: 20 }, (_, i) => (90 + i) * H); // 90h … 109h

  it('labels windows ending within the horizon before a failure 1, those containing it −1', () => {
    // failure at 100h, horizon 7h: 1 iff 100 ∈ [end, end + 7) → end ∈ (93, 100]; −1 iff end ∈ (100, 106].
    const labels = failureWithinHorizonLabels(ends, 6 * H, [100 * H], 7 * H);
    const byEnd = (want: number) => ends.filter((_, i) => labels[i] === want).map((e) => e / H);
    expect(byEnd(1)).toEqual([94, 95, 96, 97, 98, 99, 100]);
    expect(byEnd(-1)).toEqual([101, 102, 103, 104, 105, 106]);
    expect(byEnd(0)).toEqual([90, 91, 92, 93, 107, 108, 109]);
  });

  it('prefers −1 when a window contains one failure and precedes another', () => {
    const labels = failureWithinHorizonLabels([10 * H], 6 * H, [12 * H, 8 * H], 7 * H);
    expect(Array.from(labels)).toEqual([-1]);
  });
});

describe('training sets', () => {
  const features = Float32Array.of(1, 10, 2, 20, 3, 30, 4, 40);

  it('copies the kept rows in order and reports their indices', () => {
    const picked = selectRows(features, 2, [false, true, false, true]);
    expect(Array.from(picked.features)).toEqual([2, 20, 4, 40]);
    expect(picked.index).toEqual([1, 3]);
  });

  it('keeps healthy rows for an anomaly model', () => {
    const set = anomalyTrainingSet(features, 2, Uint8Array.of(1, 0, 1, 0));
    expect(Array.from(set.features)).toEqual([1, 10, 3, 30]);
    expect(set.rows).toBe(2);
    expect(set.positives).toBe(0);
  });

  it('drops windows containing a failure and keeps 0/1 labels for a failure model', () => {
    const set = failureTrainingSet(features, 2, Int8Array.of(0, 1, -1, 0));
    expect(Array.from(set.features)).toEqual([1, 10, 2, 20, 4, 40]);
    expect(Array.from(set.labels!)).toEqual([0, 1, 0]);
    expect(set.positives).toBe(1);
  });
});
