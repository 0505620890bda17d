import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { sha256Hex } from '@fleetgate/common';
import { featureCount } from '../manifest/manifest-features.util';
import { ManifestError, ModelManifest } from '../manifest/manifest.types';
import { customDomainErrors, declaredInputs, declaredOutputs, decodeOnnx, elemTypeName, formatDims } from './onnx-proto-inspect.util';

/** Largest .onnx the registry accepts; fleet models are small, anything bigger is a mistake or an abuse. */
export const MAX_ONNX_BYTES = 50 * 1024 * 1024;
/** Rows in each registration test batch (one all-zero, one random). */
export const TEST_BATCH_ROWS = 64;

export interface OnnxModelInfo {
  sha256: string;
  sizeBytes: number;
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer: string;
  inputName: string;
  outputName: string;
  outputNames: string[];
  featureCount: number;
  /** Range of the manifest output over the test batches. */
  testOutput: { rows: number; min: number; max: number };
}

export type OnnxCheckResult = { ok: true; info: OnnxModelInfo } | { ok: false; errors: ManifestError[] };

const FLOAT = onnx.TensorProto.DataType.FLOAT;

/**
 * Checks that an .onnx file is a model the platform can run for this manifest: readable,
 * standard operators only, loads in onnxruntime, takes one float32 [N, featureCount] input
 * (of any name, or the manifest's `input.name` when it gives one), has the manifest's output,
 * and gives finite scores on a test batch. `info.inputName` / `info.outputName` are the names
 * the platform must feed and read; the registry stores them with the version.
 */
export async function checkOnnxModel(bytes: Uint8Array, manifest: ModelManifest): Promise<OnnxCheckResult> {
  const fail = (field: string, message: string): OnnxCheckResult => ({ ok: false, errors: [{ field, message }] });
  if (bytes.length === 0) return fail('onnx', 'the ONNX file is empty');
  if (bytes.length > MAX_ONNX_BYTES) {
    return fail('onnx', `the ONNX file is ${(bytes.length / 1048576).toFixed(1)} MiB; the limit is ${MAX_ONNX_BYTES / 1048576} MiB`);
  }
  const decoded = decodeOnnx(bytes);
  if (!decoded.ok) return fail('onnx', decoded.message);
  const model = decoded.model;
  const domainErrors = customDomainErrors(model);
  if (domainErrors.length > 0) return { ok: false, errors: domainErrors };

  const width = featureCount(manifest);
  const signatureErrors = [...inputErrors(model, manifest, width), ...outputErrors(model, manifest)];
  if (signatureErrors.length > 0) return { ok: false, errors: signatureErrors };

  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes);
  } catch (err) {
    return fail('onnx', `onnxruntime cannot load the model: ${firstLine(err)}`);
  }
  try {
    const inputName = declaredInputs(model.graph!)[0].name;
    const batch = await runTestBatches(session, inputName, manifest, width);
    if (!batch.ok) return { ok: false, errors: batch.errors };
    return {
      ok: true,
      info: {
        sha256: sha256Hex(bytes),
        sizeBytes: bytes.length,
        irVersion: Number(model.irVersion),
        opsets: model.opsetImport.map((o) => ({ domain: o.domain || 'ai.onnx', version: Number(o.version) })),
        producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
        inputName,
        outputName: manifest.output.name,
        outputNames: [...session.outputNames],
        featureCount: width,
        testOutput: batch.range,
      },
    };
  } finally {
    await session.release();
  }
}

function inputErrors(model: onnx.ModelProto, manifest: ModelManifest, width: number): ManifestError[] {
  const inputs = declaredInputs(model.graph!);
  const shape = `float32 [N, ${width}] (${manifest.signals.length} signals × ${manifest.input.aggregations.length} aggregations)`;
  if (inputs.length !== 1) {
    const names = inputs.map((i) => `"${i.name}"`).join(', ') || 'none';
    return [{ field: 'onnx.inputs', message: `the model has ${inputs.length} inputs (${names}); it must have exactly one, ${shape}` }];
  }
  const input = inputs[0];
  const errors: ManifestError[] = [];
  if (manifest.input.name !== undefined && manifest.input.name !== input.name) {
    errors.push({
      field: 'input.name',
      message: `the manifest's input.name "${manifest.input.name}" is not the model's input; the model's input is "${input.name}" (give that name, or leave input.name out)`,
    });
  }
  if (input.elemType !== FLOAT) {
    errors.push({ field: 'onnx.inputs', message: `input "${input.name}" is ${elemTypeName(input.elemType)}; it must be ${shape}` });
  }
  const dims = input.dims;
  if (dims && dims.length !== 2) {
    errors.push({ field: 'onnx.inputs', message: `input "${input.name}" has shape ${formatDims(dims)}; it must be ${shape}` });
  } else if (dims) {
    if (typeof dims[1] === 'number' && dims[1] !== width) {
      errors.push({
        field: 'onnx.inputs',
        message: `input "${input.name}" takes ${dims[1]} features per row but the manifest describes ${width} (${manifest.signals.length} signals × ${manifest.input.aggregations.length} aggregations)`,
      });
    }
    if (typeof dims[0] === 'number') {
      errors.push({
        field: 'onnx.inputs',
        message: `input "${input.name}" has a fixed batch size of ${dims[0]}; the batch dimension must be symbolic (e.g. dim_param "N") so windows can be scored in batches`,
      });
    }
  }
  return errors;
}

function outputErrors(model: onnx.ModelProto, manifest: ModelManifest): ManifestError[] {
  const outputs = declaredOutputs(model.graph!);
  const output = outputs.find((o) => o.name === manifest.output.name);
  if (!output) {
    const names = outputs.map((o) => `"${o.name}"`).join(', ');
    return [{ field: 'output.name', message: `the manifest's output "${manifest.output.name}" is not an output of the model (its outputs: ${names})` }];
  }
  if (output.elemType !== FLOAT) {
    return [{ field: 'output.name', message: `output "${output.name}" is ${elemTypeName(output.elemType)}; scores must be float32` }];
  }
  return [];
}

type BatchResult = { ok: true; range: OnnxModelInfo['testOutput'] } | { ok: false; errors: ManifestError[] };

async function runTestBatches(session: ort.InferenceSession, inputName: string, manifest: ModelManifest, width: number): Promise<BatchResult> {
  const outputName = manifest.output.name;
  const batches: [string, Float32Array][] = [
    ['all-zero', new Float32Array(TEST_BATCH_ROWS * width)],
    ['random', randomBatch(TEST_BATCH_ROWS * width)],
  ];
  let min = Infinity;
  let max = -Infinity;
  for (const [label, data] of batches) {
    let out: ort.Tensor;
    try {
      const result = await session.run({ [inputName]: new ort.Tensor('float32', data, [TEST_BATCH_ROWS, width]) }, [outputName]);
      out = result[outputName];
    } catch (err) {
      return {
        ok: false,
        errors: [{ field: 'onnx', message: `the ${label} test batch of ${TEST_BATCH_ROWS} × ${width} failed in onnxruntime: ${firstLine(err)}` }],
      };
    }
    if (out.type !== 'float32') {
      return { ok: false, errors: [{ field: 'output.name', message: `output "${outputName}" is ${out.type}; scores must be float32` }] };
    }
    if (out.size !== TEST_BATCH_ROWS) {
      return {
        ok: false,
        errors: [
          {
            field: 'output.name',
            message: `output "${outputName}" has shape [${out.dims.join(', ')}] for ${TEST_BATCH_ROWS} rows; it must give one score per row ([N] or [N, 1])`,
          },
        ],
      };
    }
    const values = out.data as Float32Array;
    const bad = values.filter((v) => !Number.isFinite(v)).length;
    if (bad > 0) {
      return {
        ok: false,
        errors: [
          { field: 'output.name', message: `output "${outputName}" is NaN or infinite for ${bad} of ${TEST_BATCH_ROWS} rows of the ${label} test batch` },
        ],
      };
    }
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  if (manifest.task === 'failure-probability' && (min < 0 || max > 1)) {
    return {
      ok: false,
      errors: [
        {
          field: 'output.name',
          message: `output "${outputName}" ranges from ${min} to ${max} on the test batches; a failure probability must lie in [0, 1] (is a final Sigmoid missing?)`,
        },
      ],
    };
  }
  return { ok: true, range: { rows: 2 * TEST_BATCH_ROWS, min, max } };
}

/** Seeded uniform values in [0, 100): the order of magnitude of raw sensor aggregations. */
function randomBatch(n: number): Float32Array {
  let state = 0x2545f491;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = ((state >>> 0) / 4294967296) * 100;
  }
  return out;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}
