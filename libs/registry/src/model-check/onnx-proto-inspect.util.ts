import { onnx } from 'onnx-proto';
import { ManifestError } from '../manifest/manifest.types';

/** Operator domains of the ONNX standard; anything else needs custom kernels we do not run. */
export const STANDARD_ONNX_DOMAINS: readonly string[] = ['', 'ai.onnx', 'ai.onnx.ml'];

const ELEM_TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(onnx.TensorProto.DataType).map(([name, code]) => [code as number, name.toLowerCase()]),
);

export function elemTypeName(code: number | null | undefined): string {
  return ELEM_TYPE_NAMES[code ?? 0] ?? `type ${code}`;
}

/** A graph input or output as the protobuf declares it; a dimension is a number, a symbol, or unknown (null). */
export interface DeclaredTensor {
  name: string;
  elemType: number | undefined;
  dims: (number | string | null)[] | undefined;
}

export type DecodeResult = { ok: true; model: onnx.ModelProto } | { ok: false; message: string };

/** Parses the bytes with the ONNX protobuf schema; garbage and truncated files fail here. */
export function decodeOnnx(bytes: Uint8Array): DecodeResult {
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    return { ok: false, message: `not a readable ONNX file (protobuf decoding failed: ${(err as Error).message}); is it truncated or another format?` };
  }
  // Arbitrary bytes can occasionally decode as unknown fields; a real model has these.
  if (!model.graph || Number(model.irVersion) <= 0 || model.opsetImport.length === 0) {
    return { ok: false, message: 'not an ONNX model: the file has no graph, IR version or opset import' };
  }
  return { ok: true, model };
}

/** Every opset import and node (subgraphs included) outside the standard domains, named. */
export function customDomainErrors(model: onnx.ModelProto): ManifestError[] {
  const errors: ManifestError[] = [];
  for (const opset of model.opsetImport) {
    const domain = opset.domain ?? '';
    if (!STANDARD_ONNX_DOMAINS.includes(domain)) {
      errors.push({
        field: 'onnx.opsetImport',
        message: `custom operator domain "${domain}" is not allowed; only the standard ONNX domains (ai.onnx, ai.onnx.ml) run on the fleet`,
      });
    }
  }
  const visit = (graph: onnx.IGraphProto, path: string) => {
    (graph.node ?? []).forEach((node, i) => {
      const domain = node.domain ?? '';
      if (!STANDARD_ONNX_DOMAINS.includes(domain)) {
        errors.push({
          field: `${path}.node[${i}]`,
          message: `node "${node.name || node.opType}" uses operator ${node.opType} from the custom domain "${domain}"`,
        });
      }
      for (const attr of node.attribute ?? []) {
        if (attr.g) visit(attr.g, `${path}.node[${i}].${attr.name}`);
        (attr.graphs ?? []).forEach((g, k) => visit(g, `${path}.node[${i}].${attr.name}[${k}]`));
      }
    });
  };
  visit(model.graph!, 'onnx.graph');
  return errors;
}

/** Graph inputs the caller must feed: declared inputs that are not initialisers (IR < 4 lists both). */
export function declaredInputs(graph: onnx.IGraphProto): DeclaredTensor[] {
  const initialisers = new Set((graph.initializer ?? []).map((t) => t.name));
  return (graph.input ?? []).filter((v) => !initialisers.has(v.name)).map(declared);
}

export function declaredOutputs(graph: onnx.IGraphProto): DeclaredTensor[] {
  return (graph.output ?? []).map(declared);
}

function declared(v: onnx.IValueInfoProto): DeclaredTensor {
  const tensor = v.type?.tensorType;
  return {
    name: v.name ?? '',
    elemType: tensor?.elemType ?? undefined,
    dims: tensor?.shape?.dim?.map((d) => (d.dimParam ? d.dimParam : d.dimValue != null && Number(d.dimValue) > 0 ? Number(d.dimValue) : null)),
  };
}

export function formatDims(dims: DeclaredTensor['dims']): string {
  return dims ? `[${dims.map((d) => (d === null ? '?' : d)).join(', ')}]` : 'unknown shape';
}
