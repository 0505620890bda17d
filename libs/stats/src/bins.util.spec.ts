import { histogram, histogramSorted, nextUp, referenceBins } from './bins.util';
import { sortedCopy } from './descriptive.util';
import { normals } from './test-fixtures.util';

describe('referenceBins', () => {
  it('cuts at the reference deciles (numpy quantiles)', () => {
    // np.quantile(np.arange(100.), np.arange(1, 10) / 10)
    const edges = referenceBins(Float64Array.from({ length: 100 }, (_, i) => i));
    const expected = [9.9, 19.8, 29.7, 39.6, 49.5, 59.4, 69.3, 79.2, 89.10000000000001];
    expect(edges.length).toBe(9);
    expected.forEach((e, i) => expect(edges[i]).toBeCloseTo(e, 12));
  });

  it('gives a flat reference three bins: below, at, above the constant', () => {
    const edges = referenceBins([5, 5, 5, 5]);
    expect(Array.from(edges)).toEqual([5, nextUp(5)]);
    expect(Array.from(histogram([5, 5], edges))).toEqual([0, 1, 0]);
    expect(Array.from(histogram([4, 5, 6, 7], edges))).toEqual([0.25, 0.25, 0.5]);
  });

  it('gives a dominant value its own bin so a binary feature stays visible', () => {
    // 95 % zeros, 5 % ones: every interior decile is 0.
    const ref = sortedCopy([...new Array(95).fill(0), ...new Array(5).fill(1)]);
    const edges = referenceBins(ref);
    expect(Array.from(edges)).toEqual([0, Number.MIN_VALUE]);
    expect(Array.from(histogram(ref, edges))).toEqual([0, 0.95, 0.05]);
    expect(Array.from(histogram([0, 1, 1, 1], edges))).toEqual([0, 0.25, 0.75]);
  });

  it('deduplicates tied quantiles without losing the rest of the range', () => {
    // 30 % zeros then 1..70: the first deciles collapse onto 0.
    const ref = sortedCopy([...new Array(30).fill(0), ...Array.from({ length: 70 }, (_, i) => i + 1)]);
    const edges = referenceBins(ref);
    for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]);
    const p = histogram(ref, edges);
    expect(p[0]).toBe(0); // nothing below the reference minimum
    expect(p[1]).toBeCloseTo(0.3, 12); // the point mass at 0
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('throws on an empty reference or fewer than 2 bins', () => {
    expect(() => referenceBins([])).toThrow(RangeError);
    expect(() => referenceBins([1, 2, 3], 1)).toThrow(RangeError);
    expect(() => referenceBins([1, 2, 3], 2.5)).toThrow(RangeError);
  });
});

describe('histogram', () => {
  it('matches numpy searchsorted bin counts, with open outer bins', () => {
    // ref = normals(1, 2000); samp = normals(2, 1500, 0.3, 1.2)
    // edges = np.quantile(np.sort(ref), np.arange(1, 10) / 10)
    // c = np.bincount(np.searchsorted(edges, samp, side='right'), minlength=10); c / c.sum()
    const ref = sortedCopy(normals(1, 2000));
    const edges = referenceBins(ref);
    const p = histogram(normals(2, 1500, 0.3, 1.2), edges);
    const expected = [
      0.094, 0.06466666666666666, 0.084, 0.08866666666666667, 0.08266666666666667, 0.08066666666666666, 0.08666666666666667, 0.09066666666666667, 0.124, 0.204,
    ];
    expected.forEach((e, i) => expect(p[i]).toBeCloseTo(e, 14));
    Array.from(histogram(ref, edges)).forEach((v) => expect(v).toBeCloseTo(0.1, 14));
  });

  it('puts values far outside the reference range in the outer bins', () => {
    expect(Array.from(histogram([-1e9, 0.5, 1e9], [0, 1]))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('skips NaN and gives NaN proportions when nothing is left', () => {
    expect(Array.from(histogram([NaN, 2, NaN, 0], [1]))).toEqual([0.5, 0.5]);
    expect(Array.from(histogram([], [1]))).toEqual([NaN, NaN]);
    expect(Array.from(histogram([NaN], [1]))).toEqual([NaN, NaN]);
  });
});

describe('histogramSorted', () => {
  it("gives exactly histogram's proportions for an ascending sample: ties on the edges, outside values, NaN last", () => {
    const ref = sortedCopy(normals(1, 2000));
    const edges = referenceBins(ref);
    const onEdges = Float64Array.from([...Array.from(edges), ...Array.from(edges), -1e9, 1e9, 0]).sort();
    for (const sample of [sortedCopy(normals(2, 1500, 0.3, 1.2)), ref, onEdges, Float64Array.from([1, 2, NaN, NaN]), Float32Array.from([-3, 0, 0, 5])])
      expect(histogramSorted(sample, edges)).toEqual(histogram(sample, edges));
    // A flat reference's and a dominant value's cut points (two a step apart), signed zeros on a cut point.
    for (const [sample, cuts] of [
      [Float64Array.from([4, 5, 5, 5, 6, 7]), referenceBins([5, 5, 5, 5])],
      [Float64Array.from([-1, -0, 0, 0, Number.MIN_VALUE, 1, 1]), Float64Array.from([0, Number.MIN_VALUE])],
      [Float64Array.from([-0, 0, 0, 2]), Float64Array.from([-0, 0, 1])],
    ] as const)
      expect(histogramSorted(sample, cuts)).toEqual(histogram(sample, cuts));
    expect(Array.from(histogramSorted([0, 1, 1, 2], [1]))).toEqual([0.25, 0.75]);
    expect(Array.from(histogramSorted([], [1]))).toEqual([NaN, NaN]);
    expect(Array.from(histogramSorted([NaN], [1]))).toEqual([NaN, NaN]);
  });
});

describe('nextUp', () => {
  it('steps to the adjacent double', () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-1)).toBeGreaterThan(-1);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
  });
});
