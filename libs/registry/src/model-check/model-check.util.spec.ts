import { onnx } from 'onnx-proto';
import { parseManifest } from '../manifest/manifest-parse.util';
import { ModelManifest } from '../manifest/manifest.types';
import { checkOnnxModel, MAX_ONNX_BYTES, OnnxCheckResult } from './model-check.util';
import { buildModel, gemmSigmoid, tensor } from './onnx-test-models.fixture';

/** 4 signals × 5 aggregations = 20 features; output "prob". */
function manifest(overrides: Record<string, unknown> = {}): ModelManifest {
  const parsed = parseManifest({
    name: 'pump-bearing-failure',
    task: 'failure-probability',
    horizon: '7d',
    signals: ['vibration_rms', 'bearing_temp', 'motor_current', 'pressure'],
    input: { kind: 'features', window: '6h', step: '1h', aggregations: ['mean', 'std', 'min', 'max', 'slope'] },
    output: { name: 'prob', higherIsWorse: true, threshold: 0.5 },
    training: { machineIds: ['PLT1-P200-0007'], from: '2024-01-01T00:00:00Z', to: '2024-04-01T00:00:00Z' },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.manifest;
}

function refusal(result: OnnxCheckResult) {
  if (result.ok) throw new Error('expected the model to be refused');
  return result.errors;
}

describe('checkOnnxModel', () => {
  it('accepts a Gemm + Sigmoid model of the right width and reports what it found', async () => {
    const bytes = gemmSigmoid(20, { bias: 0.5 });
    const result = await checkOnnxModel(bytes, manifest());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.info).toMatchObject({ inputName: 'features', outputName: 'prob', featureCount: 20, irVersion: 8, sizeBytes: bytes.length });
    expect(result.info.opsets).toEqual([{ domain: 'ai.onnx', version: 17 }]);
    expect(result.info.sha256).toMatch(/^[0-9a-f]{64}$/);
    // All-zero rows give sigmoid(0.5) = 0.6224593; random rows in [0, 100) push the logit up to 0.5 + 20.
    expect(result.info.testOutput.min).toBeCloseTo(0.6224593, 6);
    expect(result.info.testOutput.max).toBeGreaterThan(0.99);
  });

  it.each([
    ['x', 'risk'],
    ['input', 'output'],
    ['float_input', 'probabilities'],
  ])('accepts the input %s and output %s of other exporters and reports both names', async (inputName, outputName) => {
    const result = await checkOnnxModel(
      gemmSigmoid(20, { inputName, outputName }),
      manifest({ output: { name: outputName, higherIsWorse: true, threshold: 0.5 } }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.info).toMatchObject({ inputName, outputName });
  });

  it('checks a stated input.name against the file, naming the field and the real input', async () => {
    const stated = (name: string) =>
      manifest({ input: { kind: 'features', name, window: '6h', step: '1h', aggregations: ['mean', 'std', 'min', 'max', 'slope'] } });
    const ok = await checkOnnxModel(gemmSigmoid(20, { inputName: 'x' }), stated('x'));
    expect(ok.ok && ok.info.inputName).toBe('x');
    expect(refusal(await checkOnnxModel(gemmSigmoid(20, { inputName: 'x' }), stated('features')))).toEqual([
      {
        field: 'input.name',
        message: `the manifest's input.name "features" is not the model's input; the model's input is "x" (give that name, or leave input.name out)`,
      },
    ]);
  });

  it('refuses random bytes', async () => {
    let s = 7;
    const junk = Uint8Array.from({ length: 4096 }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    const errors = refusal(await checkOnnxModel(junk, manifest()));
    expect(errors).toEqual([{ field: 'onnx', message: expect.stringMatching(/^not (a readable ONNX file|an ONNX model)/) }]);
  });

  it('refuses a truncated .onnx', async () => {
    const bytes = gemmSigmoid(20);
    const errors = refusal(await checkOnnxModel(bytes.subarray(0, Math.floor(bytes.length / 2)), manifest()));
    expect(errors[0].message).toMatch(/not a readable ONNX file \(protobuf decoding failed: .*\); is it truncated/);
  });

  it('refuses an empty file and one above the size limit without parsing it', async () => {
    expect(refusal(await checkOnnxModel(new Uint8Array(0), manifest()))[0].message).toBe('the ONNX file is empty');
    const huge = new Uint8Array(MAX_ONNX_BYTES + 1);
    expect(refusal(await checkOnnxModel(huge, manifest()))[0].message).toMatch(/is 50\.0 MiB; the limit is 50 MiB/);
  });

  it('names both widths when the input does not match the manifest', async () => {
    const errors = refusal(await checkOnnxModel(gemmSigmoid(12), manifest()));
    expect(errors).toEqual([
      { field: 'onnx.inputs', message: 'input "features" takes 12 features per row but the manifest describes 20 (4 signals × 5 aggregations)' },
    ]);
  });

  it('refuses a fixed batch size, a second input and a non-float input', async () => {
    expect(refusal(await checkOnnxModel(gemmSigmoid(20, { batch: 1 }), manifest()))[0].message).toMatch(/fixed batch size of 1/);
    const twoInputs = buildModel({
      inputs: [
        { name: 'a', dims: ['N', 20] },
        { name: 'b', dims: ['N', 20] },
      ],
      outputs: [{ name: 'prob', dims: ['N', 20] }],
      nodes: [{ opType: 'Add', input: ['a', 'b'], output: ['prob'] }],
    });
    expect(refusal(await checkOnnxModel(twoInputs, manifest()))[0].message).toMatch(/has 2 inputs \("a", "b"\); it must have exactly one, float32 \[N, 20\]/);
    const doubles = buildModel({
      inputs: [{ name: 'features', elemType: onnx.TensorProto.DataType.DOUBLE, dims: ['N', 20] }],
      outputs: [{ name: 'prob', dims: ['N', 20] }],
      nodes: [{ opType: 'Cast', input: ['features'], output: ['prob'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] }],
    });
    expect(refusal(await checkOnnxModel(doubles, manifest()))[0].message).toMatch(/input "features" is double/);
  });

  it('refuses a model without the output the manifest names', async () => {
    const errors = refusal(await checkOnnxModel(gemmSigmoid(20, { outputName: 'score' }), manifest()));
    expect(errors).toEqual([{ field: 'output.name', message: `the manifest's output "prob" is not an output of the model (its outputs: "score")` }]);
  });

  it('refuses NaN outputs: Log of a negative number', async () => {
    // Gemm with bias −1 on all-zero rows gives −1; Log(−1) is NaN.
    const errors = refusal(await checkOnnxModel(gemmSigmoid(20, { bias: -1, activation: 'Log' }), manifest()));
    expect(errors).toEqual([{ field: 'output.name', message: 'output "prob" is NaN or infinite for 64 of 64 rows of the all-zero test batch' }]);
  });

  it('refuses NaN outputs: 0 / 0', async () => {
    const zeroOverZero = buildModel({
      inputs: [{ name: 'features', dims: ['N', 20] }],
      outputs: [{ name: 'prob', dims: ['N', 1] }],
      nodes: [
        { opType: 'Gemm', input: ['features', 'W0', 'b0'], output: ['zero'] },
        { opType: 'Div', input: ['zero', 'zero'], output: ['prob'] },
      ],
      initializers: [tensor('W0', [20, 1], new Array(20).fill(0)), tensor('b0', [1], [0])],
    });
    expect(refusal(await checkOnnxModel(zeroOverZero, manifest()))[0].message).toMatch(/NaN or infinite for 64 of 64 rows of the all-zero/);
  });

  it('refuses a failure probability outside [0, 1]', async () => {
    const errors = refusal(await checkOnnxModel(gemmSigmoid(20, { activation: 'Relu', bias: 2 }), manifest()));
    expect(errors[0].message).toMatch(/ranges from 2 to .* a failure probability must lie in \[0, 1\]/);
    // The same graph is a fine anomaly score.
    const anomaly = manifest({ task: 'anomaly-score', horizon: undefined, output: { name: 'prob', higherIsWorse: true, threshold: 3 } });
    expect((await checkOnnxModel(gemmSigmoid(20, { activation: 'Relu', bias: 2 }), anomaly)).ok).toBe(true);
  });

  it('refuses a custom operator domain, naming it', async () => {
    const custom = buildModel({
      inputs: [{ name: 'features', dims: ['N', 20] }],
      outputs: [{ name: 'prob', dims: ['N', 1] }],
      nodes: [{ opType: 'FleetScore', domain: 'com.acme', input: ['features'], output: ['prob'], name: 'acme_score' }],
      opsets: [
        { domain: '', version: 17 },
        { domain: 'com.acme', version: 1 },
      ],
    });
    const errors = refusal(await checkOnnxModel(custom, manifest()));
    expect(errors).toEqual([
      { field: 'onnx.opsetImport', message: expect.stringMatching(/custom operator domain "com.acme" is not allowed/) },
      { field: 'onnx.graph.node[0]', message: 'node "acme_score" uses operator FleetScore from the custom domain "com.acme"' },
    ]);
  });

  it('reports an onnxruntime load failure clearly', async () => {
    const unknownOp = buildModel({
      inputs: [{ name: 'features', dims: ['N', 20] }],
      outputs: [{ name: 'prob', dims: ['N', 1] }],
      nodes: [{ opType: 'NoSuchOperator', input: ['features'], output: ['prob'] }],
    });
    expect(refusal(await checkOnnxModel(unknownOp, manifest()))[0].message).toMatch(/^onnxruntime cannot load the model: .*NoSuchOperator/);
  });
});
