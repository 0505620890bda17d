import { mulberry32 } from '@fleetgate/stats';
import { kMeans, meanSilhouette } from './kmeans.util';

// Three obvious groups in 2-D.
const P = Float64Array.from([0, 0, 0.5, 0.2, 0.3, 0.9, 5, 5, 5.4, 4.6, 6, 5.5, 10, 0, 9.5, 0.7]);
const ALL = Int32Array.from({ length: 8 }, (_, i) => i);

describe('meanSilhouette', () => {
  // Reference: the textbook definition (= sklearn.metrics.silhouette_score) written out in numpy 2.4
  // over the full distance matrix: 0.8719415735576905 for the true groups, 0.5451562931719509 when
  // point 2 is moved to the middle group.
  it('matches a numpy computation of the definition', () => {
    expect(meanSilhouette(P, 2, Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2]), 3, ALL)).toBeCloseTo(0.8719415735576905, 12);
    expect(meanSilhouette(P, 2, Int32Array.from([0, 0, 1, 1, 1, 1, 2, 2]), 3, ALL)).toBeCloseTo(0.5451562931719509, 12);
  });

  it('is NaN for one cluster and scores a singleton 0', () => {
    expect(meanSilhouette(P, 2, new Int32Array(8), 1, ALL)).toBeNaN();
    // numpy, the same definition with point 7 alone (s = 0): 0.4229459228685216.
    expect(meanSilhouette(P, 2, Int32Array.from([0, 0, 0, 1, 1, 1, 1, 2]), 3, ALL)).toBeCloseTo(0.4229459228685216, 12);
  });
});

describe('kMeans', () => {
  it('finds the three groups with the within-cluster SS numpy gives (1.856666666666667)', () => {
    const c = kMeans(P, 2, 3, mulberry32(7));
    const l = Array.from(c.labels);
    expect(new Set(l.slice(0, 3)).size).toBe(1);
    expect(new Set(l.slice(3, 6)).size).toBe(1);
    expect(new Set(l.slice(6)).size).toBe(1);
    expect(new Set(l).size).toBe(3);
    expect(c.wss).toBeCloseTo(1.856666666666667, 12);
  });

  it('is deterministic for a seed, and k = 1 is the overall mean', () => {
    expect(kMeans(P, 2, 3, mulberry32(3))).toEqual(kMeans(P, 2, 3, mulberry32(3)));
    const one = kMeans(P, 2, 1, mulberry32(1));
    expect(one.centres[0]).toBeCloseTo(36.7 / 8, 12);
    expect(one.centres[1]).toBeCloseTo(16.9 / 8, 12);
  });

  it('refuses more clusters than points', () => {
    expect(() => kMeans(P, 2, 9, mulberry32(1))).toThrow(RangeError);
  });
});
