import { augmentOperatingPoint } from './operating-envelope.util';

describe('augmentOperatingPoint', () => {
  const featureNames = ['t.mean', 't.std', 't.max', 't.slope'];
  // Two windows of a signal at level 10, σ 2.
  const features = Float32Array.from([10, 2, 14, 0.1, 11, 1, 13, -0.2]);
  const levels = { t: { mean: 10, std: 2 } };

  it('keeps the original rows first and repeats labels for every copy', () => {
    const out = augmentOperatingPoint({ features, rows: 2, featureNames, levels, labels: Uint8Array.from([0, 1]), copies: 3 });
    expect(out.rows).toBe(8);
    expect([...out.features.subarray(0, 8)]).toEqual([...features]);
    expect([...out.labels!]).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it('moves levels by at most ±1 σ and scales spreads by 0.5–2, consistently within a window', () => {
    const out = augmentOperatingPoint({ features, rows: 2, featureNames, levels, copies: 200, seed: 3 });
    for (let r = 2; r < out.rows; r++) {
      const [mean, sd, max, slope] = out.features.subarray(r * 4, r * 4 + 4);
      const original = features.subarray((r % 2) * 4, (r % 2) * 4 + 4);
      const k = sd / original[1];
      expect(k).toBeGreaterThanOrEqual(0.5 - 1e-6);
      expect(k).toBeLessThanOrEqual(2 + 1e-6);
      expect(slope / original[3]).toBeCloseTo(k, 4);
      // mean' = 10 + δ + k(mean − 10): δ within ±2 (1 σ)
      const delta = mean - 10 - k * (original[0] - 10);
      expect(Math.abs(delta)).toBeLessThanOrEqual(2 + 1e-4);
      expect(max - 10 - delta).toBeCloseTo(k * (original[2] - 10), 3);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const a = augmentOperatingPoint({ features, rows: 2, featureNames, levels, seed: 1 });
    const b = augmentOperatingPoint({ features, rows: 2, featureNames, levels, seed: 1 });
    const c = augmentOperatingPoint({ features, rows: 2, featureNames, levels, seed: 2 });
    expect(a.features).toEqual(b.features);
    expect(a.features).not.toEqual(c.features);
  });

  it('refuses a signal without a healthy level', () => {
    expect(() => augmentOperatingPoint({ features, rows: 2, featureNames, levels: {} })).toThrow('no healthy level for signal t');
  });
});
