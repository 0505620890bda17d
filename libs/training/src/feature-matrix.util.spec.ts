import { assertFeatureMatrix, permutation, quantile, seededRandom, standardisation } from './feature-matrix.util';
import { TrainingErrorCode } from './training.exception';

describe('quantile', () => {
  // Reference values: numpy.quantile([3,1,4,1,5,9,2,6], q) (linear interpolation, numpy's default).
  it.each([
    [0.99, 8.79],
    [0.5, 3.5],
    [0.25, 1.75],
    [1, 9],
  ])('q=%p gives %p like numpy', (q, expected) => {
    expect(quantile([3, 1, 4, 1, 5, 9, 2, 6], q)).toBeCloseTo(expected, 12);
  });
});

describe('standardisation', () => {
  it('gives numpy mean and population std per column, and 1 for a constant column', () => {
    // numpy: x.mean(0) = [3, 25, 5], x.std(0) = [1.8708287, 11.18034, 0]
    const s = standardisation({ features: Float32Array.from([1, 10, 5, 2, 20, 5, 3, 30, 5, 6, 40, 5]), rows: 4, cols: 3, featureNames: ['a', 'b', 'c'] });
    expect(Array.from(s.mean)).toEqual([3, 25, 5]);
    expect(s.std[0]).toBeCloseTo(1.8708287, 6);
    expect(s.std[1]).toBeCloseTo(11.18034, 5);
    expect(s.std[2]).toBe(1);
  });
});

describe('assertFeatureMatrix', () => {
  const ok = { features: new Float32Array(6), rows: 3, cols: 2, featureNames: ['vibration_rms.mean', 'vibration_rms.std'] };

  it('accepts a consistent matrix', () => {
    expect(() => assertFeatureMatrix(ok)).not.toThrow();
  });

  it('names the feature and row holding a NaN', () => {
    const features = new Float32Array(6);
    features[5] = NaN;
    expect(() => assertFeatureMatrix({ ...ok, features })).toThrow(/"vibration_rms.std" is NaN in row 2/);
  });

  it('refuses a length that does not match rows × cols', () => {
    expect(() => assertFeatureMatrix({ ...ok, features: new Float32Array(5) })).toThrow(
      expect.objectContaining({ code: TrainingErrorCode.InvalidFeatures, message: expect.stringMatching(/5 values but rows × cols = 3 × 2 = 6/) }),
    );
  });

  it('refuses a name count that does not match the columns', () => {
    expect(() => assertFeatureMatrix({ ...ok, featureNames: ['a'] })).toThrow(/1 names but there are 2 columns/);
  });
});

describe('seeded permutation', () => {
  it('is a permutation, repeats for one seed and differs between seeds', () => {
    const a = permutation(100, seededRandom(7));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(permutation(100, seededRandom(7))).toEqual(a);
    expect(permutation(100, seededRandom(8))).not.toEqual(a);
  });
});
