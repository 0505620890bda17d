import { sortedCopy } from './descriptive.util';
import { ksAndWasserstein } from './ks-wasserstein.util';
import { ksTwoSample } from './ks.util';
import { normals } from './test-fixtures.util';
import { wasserstein1 } from './wasserstein.util';

describe('ksAndWasserstein', () => {
  /** Both figures from the functions alone. */
  const apart = (a: ArrayLike<number>, b: ArrayLike<number>) => ({ ks: ksTwoSample(a, b).statistic, w1: wasserstein1(a, b) });

  it("gives ksTwoSample's statistic and wasserstein1 to the bit, on continuous data, ties, ±0 and mixed array types", () => {
    const ref = sortedCopy(normals(1, 2000));
    const cases: Array<[ArrayLike<number>, ArrayLike<number>]> = [
      [ref, sortedCopy(normals(2, 1500, 0.3, 1.2))],
      [sortedCopy(normals(3, 700)), ref],
      // Rounded to quarters: long runs of equal values on both sides.
      [sortedCopy(normals(4, 900).map((v) => Math.round(v * 4) / 4)), sortedCopy(normals(5, 1300, 0.2).map((v) => Math.round(v * 4) / 4))],
      [ref, ref],
      [
        [0, 0, 1, 1, 2],
        [0, 1, 1, 1, 3, 3],
      ],
      [
        [-0, 0, 0, 1],
        [0, -0, 2],
      ],
      [
        [1, 2, 3],
        [10, 20],
      ],
      [
        [10, 20],
        [1, 2, 3],
      ],
      [[5], [5]],
      [[1], [2, 2, 2]],
      [sortedCopy(new Float32Array(normals(6, 400))), Array.from(sortedCopy(normals(7, 300)))],
    ];
    for (const [a, b] of cases) {
      const both = ksAndWasserstein(a, b);
      const want = apart(a, b);
      expect(Object.is(both.ks, want.ks) && Object.is(both.w1, want.w1)).toBe(true);
    }
    // Not trivial: the cases include drift of every size.
    expect(apart(...cases[0]).ks).toBeGreaterThan(0.05);
    expect(apart([1, 2, 3], [10, 20])).toEqual({ ks: 1, w1: 13 }); // the means are 2 and 15
  });

  it('gives NaN for an empty sample and refuses NaN inside', () => {
    expect(ksAndWasserstein([], [1])).toEqual({ ks: NaN, w1: NaN });
    expect(() => ksAndWasserstein([1, NaN], [0.5, 2])).toThrow(RangeError);
  });
});
