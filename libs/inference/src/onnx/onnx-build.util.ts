import { onnx } from 'onnx-proto';
import { InferenceErrorCode, InferenceException } from '../inference.exception';

export type DenseActivation = 'none' | 'relu' | 'sigmoid' | 'tanh';

export interface DenseLayer {
  /** in × out, row-major (the tfjs Dense kernel layout, hence Gemm with transB = 0). */
  weights: Float32Array;
  bias: Float32Array;
  activation: DenseActivation;
}

export interface MlpOnnxSpec {
  inputSize: number;
  layers: DenseLayer[];
  /** Optional (x − mean) / std baked into the graph, so the ONNX file is the whole model. */
  scaling?: { mean: Float32Array; std: Float32Array };
  inputName?: string;
  outputName?: string;
  /** Batch dimension: symbolic by default (`N`); a number fixes it, as some exporters do. */
  batchDim?: number | string;
  /** ≤ 17: from 18 on, reductions take axes as an input. */
  opset?: number;
  producerName?: string;
}

const ACTIVATION_OP: Record<Exclude<DenseActivation, 'none'>, string> = {
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
};

function initializer(name: string, dims: number[], data: Float32Array): onnx.ITensorProto {
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytes };
}

function floatValue(name: string, dims: Array<number | string>): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/**
 * Serialises a dense network (Gemm + activation per layer) as an ONNX model with a
 * symbolic batch dimension `N`: input [N, inputSize] float32, output [N, lastSize].
 * Used by tests and benchmarks, and usable by anything that exports small MLPs.
 */
export function buildMlpOnnx(spec: MlpOnnxSpec): Uint8Array {
  const inputName = spec.inputName ?? 'features';
  const outputName = spec.outputName ?? 'score';
  const opset = spec.opset ?? 13;
  const batchDim = spec.batchDim ?? 'N';
  const refuse = (why: string): never => {
    throw new InferenceException(InferenceErrorCode.InvalidModel, `cannot build MLP: ${why}`);
  };
  if (spec.layers.length === 0) refuse('no layers');
  const nodes: onnx.INodeProto[] = [];
  const inits: onnx.ITensorProto[] = [];
  let current = inputName;
  let width = spec.inputSize;
  let counter = 0;
  const next = (): string => `t${counter++}`;

  if (spec.scaling) {
    if (spec.scaling.mean.length !== width || spec.scaling.std.length !== width) refuse('scaling length differs from inputSize');
    inits.push(initializer('scale_mean', [width], spec.scaling.mean), initializer('scale_std', [width], spec.scaling.std));
    const centred = next();
    const scaled = next();
    nodes.push({ opType: 'Sub', input: [current, 'scale_mean'], output: [centred], name: 'scale_sub' });
    nodes.push({ opType: 'Div', input: [centred, 'scale_std'], output: [scaled], name: 'scale_div' });
    current = scaled;
  }

  spec.layers.forEach((layer, i) => {
    const out = layer.bias.length;
    if (layer.weights.length !== width * out) refuse(`layer ${i}: weights must be ${width}×${out}`);
    inits.push(initializer(`W${i}`, [width, out], layer.weights), initializer(`B${i}`, [out], layer.bias));
    const isLast = i === spec.layers.length - 1;
    const gemmOut = isLast && layer.activation === 'none' ? outputName : next();
    nodes.push({
      opType: 'Gemm',
      input: [current, `W${i}`, `B${i}`],
      output: [gemmOut],
      name: `dense${i}`,
      attribute: [{ name: 'transB', i: 0, type: onnx.AttributeProto.AttributeType.INT }],
    });
    current = gemmOut;
    if (layer.activation !== 'none') {
      const actOut = isLast ? outputName : next();
      nodes.push({ opType: ACTIVATION_OP[layer.activation], input: [current], output: [actOut], name: `act${i}` });
      current = actOut;
    }
    width = out;
  });

  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: spec.producerName ?? 'fleetgate',
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'mlp',
      node: nodes,
      initializer: inits,
      input: [floatValue(inputName, [batchDim, spec.inputSize])],
      output: [floatValue(outputName, [batchDim, width])],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
