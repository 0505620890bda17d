import { HOUR_MS } from '@fleetgate/common';
import { FeatureWindows } from '@fleetgate/inference';
import { machineThreshold, splitCalibration } from './calibration.util';

/** `rows` hourly windows of 6 h ending at hours 6, 7, …; one feature = the row index; two signals of coverage. */
function windows(rows: number): FeatureWindows {
  return {
    features: Float32Array.from({ length: rows }, (_, r) => r),
    rows,
    cols: 1,
    featureNames: ['f'],
    windowEndMs: Float64Array.from({ length: rows }, (_, r) => (r + 6) * HOUR_MS),
    coverage: Float32Array.from({ length: rows * 2 }, (_, i) => i),
    skipped: 0,
    total: rows,
  };
}

describe('splitCalibration', () => {
  it('sends every window that starts inside the baseline to calibration, none after', () => {
    const w = windows(100);
    const scores = Float32Array.from({ length: 100 }, (_, r) => r * 10);
    // Baseline [0, 50 h): windows starting before hour 50 end before hour 56 → rows 0..49.
    const s = splitCalibration(w, scores, 6 * HOUR_MS, 50 * HOUR_MS);
    expect(s.calibrationScores.length).toBe(50);
    expect(s.evaluated.rows).toBe(50);
    expect(s.evaluated.windowEndMs[0] - 6 * HOUR_MS).toBe(50 * HOUR_MS);
    expect(Array.from(s.evaluated.windowEndMs).every((end) => end - 6 * HOUR_MS >= 50 * HOUR_MS)).toBe(true);
    expect(s.evaluated.features[0]).toBe(50);
    expect(s.scores[0]).toBe(500);
    expect(Array.from(s.calibrationScores).every((x) => x < 500)).toBe(true);
    expect(s.evaluated.coverage.length).toBe(100);
    expect(s.evaluated.coverage[0]).toBe(100);
  });

  it('leaves a machine without calibration whole', () => {
    const w = windows(10);
    const scores = new Float32Array(10);
    const s = splitCalibration(w, scores, 6 * HOUR_MS, -Infinity);
    expect(s.evaluated).toBe(w);
    expect(s.calibrationScores.length).toBe(0);
  });
});

describe('machineThreshold', () => {
  const pilot = Float64Array.from({ length: 1000 }, (_, i) => i / 1000); // threshold 0.99 → 99.1 % quiet
  const output = { threshold: 0.99, higherIsWorse: true };

  it("uses the version's threshold in version mode", () => {
    expect(machineThreshold('version', output, pilot, [])).toEqual({ mode: 'version', value: 0.99, applied: false });
  });

  it("sets each machine's threshold at the pilot's quantile of its own baseline scores", () => {
    const own = Float64Array.from({ length: 400 }, (_, i) => 10 + i); // a machine scoring 10..409
    const t = machineThreshold('per-machine', output, pilot, own);
    expect(t.applied).toBe(true);
    expect(t.quantile).toBeCloseTo(0.991, 10);
    // numpy.quantile(10..409, 0.991) = 10 + 399 × 0.991
    expect(t.value).toBeCloseTo(10 + 399 * 0.991, 6);
    expect(t.count).toBe(400);
  });

  it("keeps the version's threshold, with the reason, when the baseline is too short", () => {
    const t = machineThreshold(
      'per-machine',
      output,
      pilot,
      Float64Array.from({ length: 45 }, (_, i) => i),
    );
    expect(t).toMatchObject({ mode: 'per-machine', applied: false, value: 0.99, count: 45 });
    expect(t.reason).toMatch(/45 healthy baseline scores; a threshold at q = 0.991 needs 334/);
  });

  it("takes the trainer's quantile when the manifest records it", () => {
    const own = Float64Array.from({ length: 400 }, (_, i) => 10 + i);
    const t = machineThreshold('per-machine', { threshold: 5, higherIsWorse: true }, pilot, own, 0.99);
    expect(t).toMatchObject({ applied: true, quantile: 0.99 });
    expect(t.value).toBeCloseTo(10 + 399 * 0.99, 6);
  });

  it('refuses a degenerate pilot quantile', () => {
    expect(machineThreshold('per-machine', { threshold: 5, higherIsWorse: true }, pilot, pilot).reason).toMatch(/beyond every pilot healthy score/);
  });
});
