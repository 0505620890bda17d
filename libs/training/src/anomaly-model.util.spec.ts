import * as tf from '@tensorflow/tfjs';
import { autoencoderLayers, trainAnomalyModel } from './anomaly-model.util';
import { TrainingErrorCode } from './training.exception';
import { healthyWindows, names } from './training-test-data.fixture';

jest.setTimeout(60_000);

const cols = 10;
const rows = 400;
const base = () => ({ features: healthyWindows(rows, cols, 1), rows, cols, featureNames: names(cols), epochs: 20, seed: 5 });

describe('trainAnomalyModel', () => {
  it('flags windows that break the healthy correlations and passes fresh healthy ones', async () => {
    const model = await trainAnomalyModel(base());
    try {
      const fresh = healthyWindows(200, cols, 123);
      const broken = healthyWindows(200, cols, 456);
      // Same marginal range per column, but columns 0 and 4 now move against the other
      // columns of their factor (a reflection about the column's mean).
      for (let r = 0; r < 200; r++) for (const c of [0, 4]) broken[r * cols + c] = 2 * 50 * c - broken[r * cols + c];
      const freshAlarms = model.predict(fresh, 200).filter((s) => s > model.threshold).length;
      const brokenAlarms = model.predict(broken, 200).filter((s) => s > model.threshold).length;
      expect(freshAlarms).toBeLessThan(20);
      // Rows whose factor is near 0 barely change when reflected, so not all of them can alarm.
      expect(brokenAlarms).toBeGreaterThan(100);
    } finally {
      model.dispose();
    }
  });

  it('puts the threshold at the requested quantile of the training scores', async () => {
    const model = await trainAnomalyModel({ ...base(), epochs: 3, thresholdQuantile: 0.9 });
    try {
      expect(model.thresholdQuantile).toBe(0.9);
      expect(model.trainingScores).toHaveLength(rows);
      // Linear interpolation between order statistics 359 and 360 (0-based) of 400 scores at q = 0.9.
      const sorted = Array.from(model.trainingScores).sort((a, b) => a - b);
      expect(model.threshold).toBeCloseTo(sorted[359] + 0.1 * (sorted[360] - sorted[359]), 6);
      expect(model.trainingScores.filter((s) => s > model.threshold).length).toBe(40);
    } finally {
      model.dispose();
    }
  });

  it('gives byte-identical ONNX for the same data and seed, and different weights for another seed', async () => {
    const a = await trainAnomalyModel({ ...base(), epochs: 3 });
    const b = await trainAnomalyModel({ ...base(), epochs: 3 });
    const c = await trainAnomalyModel({ ...base(), epochs: 3, seed: 6 });
    [a, b, c].forEach((m) => m.dispose());
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(a.threshold).toBe(b.threshold);
    expect(Buffer.from(a.onnx).equals(Buffer.from(c.onnx))).toBe(false);
  });

  it('leaves no tfjs tensors behind once disposed (a worker trains many models)', async () => {
    const model = await trainAnomalyModel({ ...base(), epochs: 1 });
    model.dispose();
    const before = tf.memory().numTensors;
    const again = await trainAnomalyModel({ ...base(), epochs: 2 });
    again.predict(healthyWindows(10, cols, 2), 10);
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a threshold quantile outside (0, 1]', async () => {
    await expect(trainAnomalyModel({ ...base(), thresholdQuantile: 99 })).rejects.toMatchObject({
      code: TrainingErrorCode.InvalidOptions,
      message: expect.stringMatching(/thresholdQuantile must be in \(0, 1\], got 99/),
    });
  });

  it('refuses windows with missing values instead of imputing them', async () => {
    const features = healthyWindows(rows, cols, 1);
    features[3 * cols + 1] = NaN;
    await expect(trainAnomalyModel({ ...base(), features })).rejects.toThrow(/"signal_0.std" is NaN in row 3/);
  });
});

describe('autoencoderLayers', () => {
  it('mirrors the encoder around a tanh bottleneck and reconstructs every column linearly', () => {
    expect(autoencoderLayers(40)).toEqual([
      { units: 20, activation: 'relu' },
      { units: 5, activation: 'tanh' },
      { units: 20, activation: 'relu' },
      { units: 40, activation: 'linear' },
    ]);
    expect(autoencoderLayers(6, [3])).toEqual([
      { units: 3, activation: 'tanh' },
      { units: 6, activation: 'linear' },
    ]);
  });
});
