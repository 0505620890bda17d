import { onnx } from 'onnx-proto';

/** Small ONNX graphs built through the protobuf schema, for the model-check specs. */

const FLOAT = onnx.TensorProto.DataType.FLOAT;

export interface GraphSpec {
  inputs?: { name: string; elemType?: number; dims: (number | string)[] }[];
  outputs?: { name: string; elemType?: number; dims: (number | string)[] }[];
  nodes: onnx.INodeProto[];
  initializers?: onnx.ITensorProto[];
  opsets?: { domain: string; version: number }[];
}

export function buildModel(spec: GraphSpec): Uint8Array {
  const valueInfo = (v: { name: string; elemType?: number; dims: (number | string)[] }): onnx.IValueInfoProto => ({
    name: v.name,
    type: { tensorType: { elemType: v.elemType ?? FLOAT, shape: { dim: v.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: spec.opsets ?? [{ domain: '', version: 17 }],
    producerName: 'fleetgate-spec',
    graph: {
      name: 'spec',
      node: spec.nodes,
      initializer: spec.initializers ?? [],
      input: (spec.inputs ?? []).map(valueInfo),
      output: (spec.outputs ?? []).map(valueInfo),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

export function tensor(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  return { name, dims, dataType: FLOAT, floatData: values };
}

/** features [N, cols] → Gemm(W = 0.01, b = bias) → Sigmoid → output [N, 1]. */
export function gemmSigmoid(
  cols: number,
  opts: { inputName?: string; outputName?: string; bias?: number; batch?: number | string; activation?: string } = {},
): Uint8Array {
  const input = opts.inputName ?? 'features';
  const out = opts.outputName ?? 'prob';
  const nodes: onnx.INodeProto[] = [{ opType: 'Gemm', input: [input, 'W', 'b'], output: ['logit'] }];
  nodes.push(
    opts.activation === 'Log' ? { opType: 'Log', input: ['logit'], output: [out] } : { opType: opts.activation ?? 'Sigmoid', input: ['logit'], output: [out] },
  );
  return buildModel({
    inputs: [{ name: input, dims: [opts.batch ?? 'N', cols] }],
    outputs: [{ name: out, dims: [opts.batch ?? 'N', 1] }],
    nodes,
    initializers: [tensor('W', [cols, 1], new Array(cols).fill(0.01)), tensor('b', [1], [opts.bias ?? 0])],
  });
}
