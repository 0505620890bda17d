import { onnx } from 'onnx-proto';
import { InferenceSession } from 'onnxruntime-node';
import { InferenceErrorCode, InferenceException } from '../inference.exception';
import { sha256Hex } from '@fleetgate/common';

export interface ModelValueInfo {
  name: string;
  /** onnxruntime tensor type (`float32`, `int64`, …), or undefined for maps/sequences. */
  dtype: string | undefined;
  /** Numbers for fixed dimensions, strings for symbolic ones (e.g. `N`); empty when unknown. */
  shape: Array<number | string>;
  isTensor: boolean;
}

export interface ModelSignature {
  sha256: string;
  inputs: ModelValueInfo[];
  outputs: ModelValueInfo[];
  /** Operator sets the model imports; '' is the default ONNX domain. */
  opsets: Array<{ domain: string; version: number }>;
  irVersion: number;
  producerName: string;
}

function describe(meta: InferenceSession.ValueMetadata): ModelValueInfo {
  if (!meta.isTensor) return { name: meta.name, dtype: undefined, shape: [], isTensor: false };
  return { name: meta.name, dtype: meta.type, shape: [...meta.shape], isTensor: true };
}

/**
 * Loads the model once with onnxruntime and reports what registration must check
 * against the manifest: input/output names, dtypes and shapes, and the opsets used.
 * Anything onnxruntime cannot load is refused with INVALID_MODEL.
 */
export async function inspectModel(bytes: Uint8Array): Promise<ModelSignature> {
  let proto: onnx.ModelProto;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new InferenceException(InferenceErrorCode.InvalidModel, `not an ONNX model: ${(err as Error).message}`);
  }
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes);
  } catch (err) {
    throw new InferenceException(InferenceErrorCode.InvalidModel, `onnxruntime could not load the model: ${(err as Error).message}`);
  }
  try {
    return {
      sha256: sha256Hex(bytes),
      inputs: session.inputMetadata.map(describe),
      outputs: session.outputMetadata.map(describe),
      opsets: (proto.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: Number(o.version ?? 0) })),
      irVersion: Number(proto.irVersion ?? 0),
      producerName: proto.producerName ?? '',
    };
  } finally {
    await session.release();
  }
}
