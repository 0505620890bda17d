import { onnx } from 'onnx-proto';
import { buildMlpOnnx } from './onnx-build.util';

/** Small hand-checkable ONNX models and helpers shared by the onnx specs. */

// Logistic model: score = sigmoid(0.5·x0 − 1·x1 + 2·x2 + 0.25), as one Gemm + Sigmoid.
export const W = [0.5, -1, 2];
export const B = 0.25;
export const logistic = (bias = B): Uint8Array =>
  buildMlpOnnx({
    inputSize: 3,
    layers: [{ weights: Float32Array.from(W), bias: Float32Array.of(bias), activation: 'sigmoid' }],
    inputName: 'x',
    outputName: 'prob',
  });

export function featureRows(rows: number): Float32Array {
  const out = new Float32Array(rows * 3);
  for (let i = 0; i < rows; i++) out.set([i * 0.1, 1 - i * 0.05, (i % 7) * 0.2 - 0.5], i * 3);
  return out;
}

/** The same model computed by hand in float64, independently of onnxruntime. */
export function expectedScores(features: Float32Array, rows: number, bias = B): number[] {
  return Array.from({ length: rows }, (_, i) => {
    const z = W[0] * features[i * 3] + W[1] * features[i * 3 + 1] + W[2] * features[i * 3 + 2] + bias;
    return 1 / (1 + Math.exp(-z));
  });
}

export function expectScores(got: Float32Array, want: number[]): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    if (!(Math.abs(got[i] - w) < 1e-6)) throw new Error(`row ${i}: got ${got[i]}, want ${w}`);
  });
}

/** Row mean via ReduceMean(keepdims=0): a model whose output is [N], not [N, 1]. */
export function rowMeanModel(): Uint8Array {
  const value = (name: string, dims: Array<number | string>): onnx.IValueInfoProto => ({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
  const model: onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'row-mean',
      node: [
        {
          opType: 'ReduceMean',
          input: ['x'],
          output: ['mean'],
          attribute: [
            { name: 'axes', ints: [1], type: onnx.AttributeProto.AttributeType.INTS },
            { name: 'keepdims', i: 0, type: onnx.AttributeProto.AttributeType.INT },
          ],
        },
      ],
      input: [value('x', ['N', 3])],
      output: [value('mean', ['N'])],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
  throw new Error('expected a refusal');
}
