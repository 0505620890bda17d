import { InferenceSession } from 'onnxruntime-node';
import { buildMlpOnnx } from './onnx-build.util';
import { B, codeOf, expectedScores, expectScores, featureRows, logistic, rowMeanModel, W } from './onnx-test-models.util';
import { runBatched } from './run-batched.util';

describe('runBatched on onnxruntime-node', () => {
  let session: InferenceSession;
  beforeAll(async () => {
    session = await InferenceSession.create(logistic());
  });
  afterAll(async () => {
    await session.release();
  });

  it.each([1, 4, 7, 23, 8192])('matches hand-computed scores at batch size %d for 23 rows', async (batch) => {
    const features = featureRows(23);
    const scores = await runBatched(session, 'x', 'prob', features, 23, 3, batch);
    expectScores(scores, expectedScores(features, 23));
  });

  it('scores a large run split over several default-size batches', async () => {
    const rows = 20_000;
    const features = featureRows(rows);
    expectScores(await runBatched(session, 'x', 'prob', features, rows, 3), expectedScores(features, rows));
  });

  it('returns an empty result for no rows', async () => {
    expect((await runBatched(session, 'x', 'prob', new Float32Array(0), 0, 3)).length).toBe(0);
  });

  it('accepts models whose output is [N] rather than [N, 1]', async () => {
    const meanSession = await InferenceSession.create(rowMeanModel());
    const features = featureRows(10);
    const scores = await runBatched(meanSession, 'x', 'mean', features, 10, 3, 4);
    const want = Array.from({ length: 10 }, (_, i) => (features[i * 3] + features[i * 3 + 1] + features[i * 3 + 2]) / 3);
    expectScores(scores, want);
    await meanSession.release();
  });

  it('pads the last batch of a model with a fixed batch dimension and drops the padding', async () => {
    const fixed = await InferenceSession.create(
      buildMlpOnnx({
        inputSize: 3,
        layers: [{ weights: Float32Array.from(W), bias: Float32Array.of(B), activation: 'sigmoid' }],
        inputName: 'x',
        outputName: 'prob',
        batchDim: 4,
      }),
    );
    const features = featureRows(10);
    expectScores(await runBatched(fixed, 'x', 'prob', features, 10, 3, 8192), expectedScores(features, 10));
    await fixed.release();
  });

  it('refuses multi-column outputs, wrong names and mis-sized inputs with clear messages', async () => {
    const twoOut = await InferenceSession.create(
      buildMlpOnnx({
        inputSize: 3,
        layers: [{ weights: new Float32Array(6), bias: new Float32Array(2), activation: 'none' }],
      }),
    );
    expect(await codeOf(runBatched(twoOut, 'features', 'score', featureRows(5), 5, 3))).toBe(
      'UNSUPPORTED_OUTPUT: output "score" has shape [5, 2] for 5 rows; expected [N, 1] or [N]',
    );
    await twoOut.release();
    expect(await codeOf(runBatched(session, 'input', 'prob', featureRows(2), 2, 3))).toBe('INVALID_INPUT: model has no input "input" (inputs: x)');
    expect(await codeOf(runBatched(session, 'x', 'score', featureRows(2), 2, 3))).toBe('INVALID_INPUT: model has no output "score" (outputs: prob)');
    expect(await codeOf(runBatched(session, 'x', 'prob', featureRows(2), 3, 3))).toContain('rows × cols = 3 × 3');
    expect(await codeOf(runBatched(session, 'x', 'prob', new Float32Array(8), 2, 4))).toBe(
      'INVALID_INPUT: input "x" has shape [N, 3], features have 4 columns',
    );
  });
});

describe('buildMlpOnnx', () => {
  it('bakes input scaling and hidden layers into the graph', async () => {
    // 2 → 2 (relu) → 1 (none), inputs standardised inside the graph.
    const bytes = buildMlpOnnx({
      inputSize: 2,
      scaling: { mean: Float32Array.of(10, -2), std: Float32Array.of(2, 4) },
      layers: [
        { weights: Float32Array.of(1, -1, 2, 1), bias: Float32Array.of(0, 0.5), activation: 'relu' },
        { weights: Float32Array.of(1.5, -2), bias: Float32Array.of(0.1), activation: 'none' },
      ],
    });
    const session = await InferenceSession.create(bytes);
    const x = Float32Array.of(14, 2, 8, -6);
    // Row 0: z = (2, 1); h = relu(2 + 2, -2 + 1 + 0.5) = (4, 0); y = 6 + 0.1.
    // Row 1: z = (-1, -1); h = relu(-1 - 2, 1 - 1 + 0.5) = (0, 0.5); y = -1 + 0.1.
    expectScores(await runBatched(session, 'features', 'score', x, 2, 2), [6.1, -0.9]);
    await session.release();
  });
});
