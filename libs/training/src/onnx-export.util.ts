import { onnx } from 'onnx-proto';
import { DenseLayerWeights } from './dense-network.util';
import { Standardisation } from './feature-matrix.util';

/** Highest opset we emit: from 18 on, ReduceMean takes `axes` as an input, not an attribute. */
export const ONNX_OPSET = 17;
/** IR version 8 is the one that goes with opsets 15–17. */
export const ONNX_IR_VERSION = 8;
export const ONNX_INPUT_NAME = 'features';
export const ONNX_DEFAULT_OUTPUT_NAME = 'score';

export type OnnxHead =
  /** The network's last layer (one unit) is the score, e.g. a failure probability. */
  | 'network-output'
  /** Autoencoder: the score is the mean squared error between the standardised input and its reconstruction. */
  | 'reconstruction-error';

export interface DenseOnnxSpec {
  layers: DenseLayerWeights[];
  scaling: Standardisation;
  head: OnnxHead;
  featureNames: string[];
  outputName?: string;
  /** Written into the model's metadata_props, e.g. task and training provenance. */
  metadata?: Record<string, string>;
  docString?: string;
}

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const ACTIVATION_OP: Record<DenseLayerWeights['activation'], string | undefined> = {
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  linear: undefined,
};

/**
 * Builds the whole model as one ONNX graph through the ONNX protobuf schema:
 * features [N, cols] → Sub(mean) → Div(std) → Gemm/activation per Dense layer → head → score [N, 1].
 * Scaling lives inside the graph so the .onnx file alone reproduces the trained model.
 */
export function denseNetworkToOnnx(spec: DenseOnnxSpec): Uint8Array {
  const cols = spec.scaling.mean.length;
  const outputName = spec.outputName ?? ONNX_DEFAULT_OUTPUT_NAME;
  checkShapes(spec, cols);

  const initializer: onnx.ITensorProto[] = [floatTensor('feature_mean', [cols], spec.scaling.mean), floatTensor('feature_std', [cols], spec.scaling.std)];
  const node: onnx.INodeProto[] = [
    op('Sub', [ONNX_INPUT_NAME, 'feature_mean'], ['features_centred']),
    op('Div', ['features_centred', 'feature_std'], ['features_standardised']),
  ];

  let current = 'features_standardised';
  spec.layers.forEach((layer, i) => {
    initializer.push(floatTensor(`dense_${i}_kernel`, [layer.inUnits, layer.outUnits], layer.kernel));
    initializer.push(floatTensor(`dense_${i}_bias`, [layer.outUnits], layer.bias));
    // tfjs keeps the kernel as [in, out], so Y = X·W + b needs no transpose.
    node.push(op('Gemm', [current, `dense_${i}_kernel`, `dense_${i}_bias`], [`dense_${i}`], [intAttr('transB', 0)]));
    current = `dense_${i}`;
    const activation = ACTIVATION_OP[layer.activation];
    if (activation) {
      node.push(op(activation, [current], [`dense_${i}_${layer.activation}`]));
      current = `dense_${i}_${layer.activation}`;
    }
  });

  if (spec.head === 'reconstruction-error') {
    node.push(op('Sub', [current, 'features_standardised'], ['reconstruction_diff']));
    node.push(op('Mul', ['reconstruction_diff', 'reconstruction_diff'], ['reconstruction_sq']));
    node.push(op('ReduceMean', ['reconstruction_sq'], [outputName], [intsAttr('axes', [1]), intAttr('keepdims', 1)]));
  } else {
    // The last node writes the score directly; no Identity hop.
    const last = node[node.length - 1];
    last.output = [outputName];
    last.name = outputName;
  }

  const metadata = { 'fleetgate.featureNames': JSON.stringify(spec.featureNames), ...spec.metadata };
  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'fleetgate-training',
    producerVersion: '1',
    docString: spec.docString ?? '',
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'fleetgate_dense',
      node,
      initializer,
      input: [valueInfo(ONNX_INPUT_NAME, cols)],
      output: [valueInfo(outputName, 1)],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function checkShapes(spec: DenseOnnxSpec, cols: number): void {
  if (spec.scaling.std.length !== cols || spec.featureNames.length !== cols) {
    throw new Error(`scaling and feature names must all have ${cols} columns`);
  }
  let width = cols;
  spec.layers.forEach((layer, i) => {
    if (layer.inUnits !== width) throw new Error(`layer ${i} expects ${layer.inUnits} inputs but receives ${width}`);
    if (layer.kernel.length !== layer.inUnits * layer.outUnits || layer.bias.length !== layer.outUnits) {
      throw new Error(`layer ${i} weights do not match its [${layer.inUnits}, ${layer.outUnits}] shape`);
    }
    width = layer.outUnits;
  });
  const expected = spec.head === 'reconstruction-error' ? cols : 1;
  if (width !== expected) throw new Error(`the last layer has ${width} units; a ${spec.head} head needs ${expected}`);
}

function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  return { name, dims, dataType: FLOAT, floatData: Array.from(values) };
}

function op(opType: string, input: string[], output: string[], attribute: onnx.IAttributeProto[] = []): onnx.INodeProto {
  return { opType, input, output, name: output[0], domain: '', attribute };
}

function intAttr(name: string, i: number): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}

function intsAttr(name: string, ints: number[]): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints };
}

/** A float32 [N, width] tensor whose batch dimension is symbolic. */
function valueInfo(name: string, width: number): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } },
  };
}
