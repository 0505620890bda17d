import { sortedCopy, std } from './descriptive.util';
import { wasserstein1, wassersteinNormalised } from './wasserstein.util';
import { normals } from './test-fixtures.util';

// scipy 1.10, ref = normals(1, 2000), samp = normals(2, 1500, 0.3, 1.2):
//   stats.wasserstein_distance(ref, samp)               -> 0.31453996850578425
//   stats.wasserstein_distance(ref, samp) / ref.std()   -> 0.3183589079471073
//   stats.wasserstein_distance([0,0,1,1,2], [0,1,1,1,3,3]) -> 0.7000000000000002
//   the same on float32-rounded copies                  -> 0.3145399686602566
const refRaw = normals(1, 2000);
const sampRaw = normals(2, 1500, 0.3, 1.2);
const ref = sortedCopy(refRaw);
const samp = sortedCopy(sampRaw);

describe('wasserstein1', () => {
  it('matches scipy.stats.wasserstein_distance', () => {
    expect(wasserstein1(ref, samp)).toBeCloseTo(0.31453996850578425, 13);
    expect(wasserstein1([0, 0, 1, 1, 2], [0, 1, 1, 1, 3, 3])).toBeCloseTo(0.7, 14);
    expect(wasserstein1(sortedCopy(new Float32Array(refRaw)), sortedCopy(new Float32Array(sampRaw)))).toBeCloseTo(0.3145399686602566, 13);
  });

  it('is symmetric, 0 on identical data and equal to the shift for a translation', () => {
    expect(wasserstein1(samp, ref)).toBeCloseTo(wasserstein1(ref, samp), 14);
    expect(wasserstein1(ref, ref)).toBe(0);
    const moved = ref.map((v) => v + 2.5);
    expect(wasserstein1(ref, moved)).toBeCloseTo(2.5, 12);
    expect(wasserstein1([1], [4])).toBe(3);
  });

  it('accepts Float32Array and number[] alike', () => {
    expect(wasserstein1(new Float32Array([1, 2, 3]), [2, 3, 4])).toBe(1);
  });

  it('is NaN when either side is empty', () => {
    expect(wasserstein1([], [1])).toBeNaN();
    expect(wasserstein1([1], [])).toBeNaN();
  });
});

describe('wassersteinNormalised', () => {
  it('divides by the reference population std', () => {
    expect(wassersteinNormalised(ref, samp)).toBeCloseTo(0.3183589079471073, 13);
    expect(wassersteinNormalised(ref, samp, std(ref))).toBe(wassersteinNormalised(ref, samp));
  });

  it('is 0 for a flat reference matched by the sample, Infinity otherwise', () => {
    expect(wassersteinNormalised([2, 2, 2], [2, 2])).toBe(0);
    expect(wassersteinNormalised([2, 2, 2], [2, 2.1])).toBe(Infinity);
    expect(wassersteinNormalised([2, 2, 2], [7, 7])).toBe(Infinity);
  });

  it('is NaN when either side is empty', () => {
    expect(wassersteinNormalised([], [1])).toBeNaN();
    expect(wassersteinNormalised([2, 2], [])).toBeNaN();
  });
});
