import { trainFailureModel } from './failure-model.util';
import { TrainingErrorCode } from './training.exception';
import { labelledWindows, names } from './training-test-data.fixture';

jest.setTimeout(60_000);

/** AUROC as the Mann–Whitney probability that a positive outranks a negative (ties count half). */
function auroc(scores: ArrayLike<number>, labels: Uint8Array): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j]) continue;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

const cols = 8;
const rows = 500;
const data = labelledWindows(rows, cols, 5);
const base = () => ({ features: data.features, labels: data.labels, rows, cols, featureNames: names(cols), epochs: 20, seed: 1 });

describe('trainFailureModel', () => {
  it('separates failures from healthy windows on data it has not seen', async () => {
    const model = await trainFailureModel(base());
    try {
      const test = labelledWindows(300, cols, 6);
      expect(auroc(model.predict(test.features, 300), test.labels)).toBeGreaterThan(0.9);
      expect(model.positiveCount).toBe(data.labels.reduce((s, l) => s + l, 0));
      expect(model.lossHistory[model.lossHistory.length - 1]).toBeLessThan(model.lossHistory[0]);
    } finally {
      model.dispose();
    }
  });

  it('refuses to train when no window precedes a failure', async () => {
    await expect(trainFailureModel({ ...base(), labels: new Uint8Array(rows) })).rejects.toMatchObject({
      code: TrainingErrorCode.NoPositiveLabel,
      message: expect.stringMatching(/no positive label: all 500 windows are labelled 0/),
    });
  });

  it('refuses labels that are all positive, not 0/1, or of the wrong length', async () => {
    await expect(trainFailureModel({ ...base(), labels: new Uint8Array(rows).fill(1) })).rejects.toMatchObject({ code: TrainingErrorCode.NoNegativeLabel });
    const two = Uint8Array.from(data.labels);
    two[7] = 2;
    await expect(trainFailureModel({ ...base(), labels: two })).rejects.toThrow(/label of row 7 is 2/);
    await expect(trainFailureModel({ ...base(), labels: new Uint8Array(10) })).rejects.toThrow(/labels has 10 values but there are 500 rows/);
  });

  it('is reproducible for one seed', async () => {
    const a = await trainFailureModel({ ...base(), epochs: 3 });
    const b = await trainFailureModel({ ...base(), epochs: 3 });
    const c = await trainFailureModel({ ...base(), epochs: 3, seed: 2 });
    [a, b, c].forEach((m) => m.dispose());
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(Buffer.from(a.onnx).equals(Buffer.from(c.onnx))).toBe(false);
  });

  it('raises the predicted risk of rare failures when positives are weighted up', async () => {
    const rare = Uint8Array.from(data.labels);
    let kept = 0;
    for (let i = 0; i < rows; i++) if (rare[i] && kept++ >= 10) rare[i] = 0; // keep 10 positives
    const plain = await trainFailureModel({ ...base(), labels: rare });
    const weighted = await trainFailureModel({ ...base(), labels: rare, positiveWeight: 20 });
    const meanOverPositives = (s: Float32Array) => s.reduce((acc, v, i) => acc + (rare[i] ? v : 0), 0) / 10;
    [plain, weighted].forEach((m) => m.dispose());
    expect(weighted.positiveWeight).toBe(20);
    expect(meanOverPositives(weighted.trainingScores)).toBeGreaterThan(meanOverPositives(plain.trainingScores) + 0.2);
  });
});
