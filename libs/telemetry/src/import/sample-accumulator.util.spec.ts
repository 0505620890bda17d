import { SampleAccumulator, splitConflicts, TagBuffer } from './sample-accumulator.util';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** A buffer from [minute, value, line] triples, as the importer would fill it. */
function buffer(samples: Array<[number, number, number]>): TagBuffer {
  const acc = new SampleAccumulator();
  for (const [m, v, line] of samples) acc.add('A1', 'vib1', T0 + m * MIN, v, line);
  return acc.take('A1').get('vib1')!;
}

describe('splitConflicts', () => {
  it('keeps a file with one value per timestamp as it is', () => {
    const buf = buffer([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
    ]);
    expect(splitConflicts(buf)).toEqual({ kept: buf, conflicts: [] });
  });

  it('keeps an exact duplicate (the store counts it once) and an unsorted file', () => {
    const { kept, conflicts } = splitConflicts(
      buffer([
        [1, 2, 2],
        [0, 1, 3],
        [1, 2, 4],
      ]),
    );
    expect(conflicts).toEqual([]);
    expect(kept.times).toEqual([T0 + MIN, T0, T0 + MIN]);
    expect(kept.lines).toEqual([2, 3, 4]);
  });

  it('refuses every sample of a timestamp given two different values, naming both lines', () => {
    const { kept, conflicts } = splitConflicts(
      buffer([
        [0, 1, 2],
        [1, 2.5, 3],
        [2, 3, 4],
        [1, 2.75, 7],
        [1, NaN, 8],
      ]),
    );
    expect(conflicts).toEqual([
      {
        t: T0 + MIN,
        samples: [
          { line: 3, value: 2.5 },
          { line: 7, value: 2.75 },
        ],
      },
    ]);
    expect(kept).toEqual({ times: [T0, T0 + 2 * MIN], values: [1, 3], lines: [2, 4], firstLine: 2 });
  });

  it('treats values equal in the stored Float32 as the same value, and a missing one as no claim', () => {
    const { conflicts, kept } = splitConflicts(
      buffer([
        [0, 0.1, 2],
        [0, Math.fround(0.1), 3],
        [1, NaN, 4],
        [1, 5, 5],
      ]),
    );
    expect(conflicts).toEqual([]);
    expect(kept.lines).toEqual([2, 3, 4, 5]);
  });
});
