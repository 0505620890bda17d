import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { initTrainingBackend, ONNX_OPSET, trainAnomalyModel, trainFailureModel } from './index';
import { healthyWindows, labelledWindows, names } from './training-test-data.fixture';

async function runOnnx(bytes: Uint8Array, features: Float32Array, rows: number, cols: number) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ features: new ort.Tensor('float32', features, [rows, cols]) });
    const score = out[session.outputNames[0]];
    return { inputNames: session.inputNames, outputName: session.outputNames[0], dims: score.dims, data: score.data as Float32Array };
  } finally {
    await session.release();
  }
}

/** Evaluates the exported graph in float64 straight from its protobuf: a check independent of tfjs and onnxruntime. */
function referenceForward(bytes: Uint8Array, features: Float32Array, rows: number, cols: number): Float64Array {
  type M = { r: number; c: number; v: Float64Array };
  const model = onnx.ModelProto.decode(bytes);
  const env = new Map<string, M>();
  for (const t of model.graph!.initializer!) {
    const dims = t.dims!.map(Number);
    env.set(t.name!, { r: dims.length === 2 ? dims[0] : 1, c: dims[dims.length - 1], v: Float64Array.from(t.floatData!) });
  }
  env.set('features', { r: rows, c: cols, v: Float64Array.from(features) });
  const map = (a: M, b: M, f: (x: number, y: number) => number): M => {
    const v = new Float64Array(a.r * a.c);
    for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) v[i * a.c + j] = f(a.v[i * a.c + j], b.r === 1 ? b.v[j] : b.v[i * b.c + j]);
    return { r: a.r, c: a.c, v };
  };
  for (const n of model.graph!.node!) {
    const [a, b, bias] = n.input!.map((name) => env.get(name)!);
    let out: M;
    switch (n.opType) {
      case 'Sub':
        out = map(a, b, (x, y) => x - y);
        break;
      case 'Div':
        out = map(a, b, (x, y) => x / y);
        break;
      case 'Mul':
        out = map(a, b, (x, y) => x * y);
        break;
      case 'Relu':
        out = map(a, a, (x) => Math.max(0, x));
        break;
      case 'Tanh':
        out = map(a, a, Math.tanh);
        break;
      case 'Sigmoid':
        out = map(a, a, (x) => 1 / (1 + Math.exp(-x)));
        break;
      case 'Gemm': {
        const v = new Float64Array(a.r * b.c);
        for (let i = 0; i < a.r; i++)
          for (let j = 0; j < b.c; j++) {
            let s = bias.v[j];
            for (let k = 0; k < a.c; k++) s += a.v[i * a.c + k] * b.v[k * b.c + j];
            v[i * b.c + j] = s;
          }
        out = { r: a.r, c: b.c, v };
        break;
      }
      case 'ReduceMean': {
        const v = new Float64Array(a.r);
        for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) v[i] += a.v[i * a.c + j] / a.c;
        out = { r: a.r, c: 1, v };
        break;
      }
      default:
        throw new Error(`unexpected op ${n.opType}`);
    }
    env.set(n.output![0], out);
  }
  return env.get(model.graph!.output![0].name!)!.v;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('tfjs backend', () => {
  it('trains on the wasm backend (the package ships its .wasm)', async () => {
    expect(await initTrainingBackend()).toBe('wasm');
  });
});

describe('anomaly model exported to ONNX', () => {
  const cols = 10;
  let model: Awaited<ReturnType<typeof trainAnomalyModel>>;
  beforeAll(async () => {
    model = await trainAnomalyModel({ features: healthyWindows(400, cols, 1), rows: 400, cols, featureNames: names(cols), epochs: 5, seed: 3 });
  });
  afterAll(() => model.dispose());

  it('scores unseen and off-distribution windows like the tfjs model (within 1e-5)', async () => {
    const fresh = healthyWindows(64, cols, 99);
    for (let i = 0; i < 32 * cols; i++) fresh[i] *= 1.5; // half the rows far from the training data
    const out = await runOnnx(model.onnx, fresh, 64, cols);
    expect(out.inputNames).toEqual(['features']);
    expect(out.outputName).toBe('score');
    expect(out.dims).toEqual([64, 1]);
    expectClose(out.data, model.predict(fresh, 64), 1e-5);
    expectClose(out.data, referenceForward(model.onnx, fresh, 64, cols), 1e-5);
  });

  it('reproduces the training scores and their threshold', async () => {
    const out = await runOnnx(model.onnx, healthyWindows(400, cols, 1), 400, cols);
    expectClose(out.data, model.trainingScores, 1e-5);
    const above = model.trainingScores.filter((s) => s > model.threshold).length;
    expect(above).toBe(4); // 1 % of 400 rows lie above the 0.99 quantile
  });

  it('is an opset-17 graph with scaling as Sub/Div initialisers and ReduceMean(axes=[1], keepdims=1)', () => {
    const m = onnx.ModelProto.decode(model.onnx);
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', ONNX_OPSET]]);
    expect(ONNX_OPSET).toBeLessThanOrEqual(17);
    const input = m.graph!.input![0];
    expect(input.name).toBe('features');
    expect(input.type!.tensorType!.elemType).toBe(onnx.TensorProto.DataType.FLOAT);
    expect(input.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', cols]);
    expect(m.graph!.output![0].type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 1]);
    const ops = m.graph!.node!.map((n) => n.opType);
    expect(ops.slice(0, 2)).toEqual(['Sub', 'Div']);
    expect(ops.slice(-3)).toEqual(['Sub', 'Mul', 'ReduceMean']);
    const mean = m.graph!.initializer!.find((t) => t.name === 'feature_mean')!;
    expect(Float32Array.from(mean.floatData!)).toEqual(model.scaling.mean);
    const reduce = m.graph!.node!.find((n) => n.opType === 'ReduceMean')!;
    expect(reduce.attribute!.map((a) => [a.name, a.ints?.length ? a.ints.map(Number) : Number(a.i)])).toEqual([
      ['axes', [1]],
      ['keepdims', 1],
    ]);
    for (const gemm of m.graph!.node!.filter((n) => n.opType === 'Gemm')) {
      expect(Number(gemm.attribute!.find((a) => a.name === 'transB')!.i)).toBe(0);
    }
  });
});

describe('failure model exported to ONNX', () => {
  it('gives the tfjs probabilities (within 1e-5) under the manifest output name', async () => {
    const cols = 8;
    const { features, labels } = labelledWindows(500, cols, 5);
    const model = await trainFailureModel({ features, rows: 500, cols, labels, featureNames: names(cols), epochs: 5, seed: 11, outputName: 'prob' });
    try {
      const fresh = labelledWindows(64, cols, 77).features;
      const out = await runOnnx(model.onnx, fresh, 64, cols);
      expect(out.outputName).toBe('prob');
      expect(out.dims).toEqual([64, 1]);
      expectClose(out.data, model.predict(fresh, 64), 1e-5);
      expectClose(out.data, referenceForward(model.onnx, fresh, 64, cols), 1e-5);
      expect(out.data.every((p) => p > 0 && p < 1)).toBe(true);
      const ops = onnx.ModelProto.decode(model.onnx).graph!.node!.map((n) => n.opType);
      expect(ops).toEqual(['Sub', 'Div', 'Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Sigmoid']);
    } finally {
      model.dispose();
    }
  });
});
