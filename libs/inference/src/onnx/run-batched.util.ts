import { InferenceSession, Tensor } from 'onnxruntime-node';
import { InferenceErrorCode, InferenceException } from '../inference.exception';

// A long run must let the event loop breathe (BullMQ renews job locks on it).
const YIELD_EVERY_MS = 50;

function invalid(message: string): never {
  throw new InferenceException(InferenceErrorCode.InvalidInput, message);
}

function tensorMetadata(metadata: readonly InferenceSession.ValueMetadata[] | undefined, name: string): InferenceSession.TensorValueMetadata | undefined {
  const found = metadata?.find((m) => m.name === name);
  return found && found.isTensor ? found : undefined;
}

/**
 * Scores `rows` feature rows (row-major float32, `cols` per row) in batches and returns
 * one score per row. The model's output must be [N, 1] or [N]. A model exported with a
 * fixed batch dimension is fed exactly that many rows per call (the last batch is
 * zero-padded and the padding's scores dropped).
 */
export async function runBatched(
  session: InferenceSession,
  inputName: string,
  outputName: string,
  features: Float32Array,
  rows: number,
  cols: number,
  batchSize = 8192,
): Promise<Float32Array> {
  if (!session.inputNames.includes(inputName)) {
    invalid(`model has no input "${inputName}" (inputs: ${session.inputNames.join(', ')})`);
  }
  if (!session.outputNames.includes(outputName)) {
    invalid(`model has no output "${outputName}" (outputs: ${session.outputNames.join(', ')})`);
  }
  if (!Number.isInteger(rows) || rows < 0) invalid(`rows must be a non-negative integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 1) invalid(`cols must be a positive integer, got ${cols}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) invalid(`batchSize must be a positive integer, got ${batchSize}`);
  if (features.length !== rows * cols) {
    invalid(`features hold ${features.length} values, expected rows × cols = ${rows} × ${cols}`);
  }

  const input = tensorMetadata(session.inputMetadata, inputName);
  if (input) {
    if (input.type !== 'float32') invalid(`input "${inputName}" is ${input.type}; only float32 inputs are supported`);
    const width = input.shape[1];
    if (input.shape.length !== 2 || (typeof width === 'number' && width >= 0 && width !== cols)) {
      invalid(`input "${inputName}" has shape [${input.shape.join(', ')}], features have ${cols} columns`);
    }
  }
  const fixedBatch = input && typeof input.shape[0] === 'number' && input.shape[0] > 0 ? input.shape[0] : undefined;
  const batch = fixedBatch ?? batchSize;

  const scores = new Float32Array(rows);
  let lastYield = Date.now();
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    let data = features.subarray(start * cols, (start + n) * cols);
    let fed = n;
    if (fixedBatch !== undefined && n < fixedBatch) {
      const padded = new Float32Array(fixedBatch * cols);
      padded.set(data);
      data = padded;
      fed = fixedBatch;
    }
    const result = await session.run({ [inputName]: new Tensor('float32', data, [fed, cols]) }, [outputName]);
    copyScores(result[outputName], outputName, fed, n, scores, start);
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
  }
  return scores;
}

function copyScores(value: unknown, outputName: string, fed: number, keep: number, scores: Float32Array, offset: number): void {
  if (!(value instanceof Tensor)) {
    throw new InferenceException(
      InferenceErrorCode.UnsupportedOutput,
      `output "${outputName}" is not a tensor (maps and sequences, e.g. ZipMap, are not supported)`,
    );
  }
  const dims = value.dims;
  const shapeOk = dims[0] === fed && (dims.length === 1 || (dims.length === 2 && dims[1] === 1));
  if (!shapeOk) {
    throw new InferenceException(
      InferenceErrorCode.UnsupportedOutput,
      `output "${outputName}" has shape [${dims.join(', ')}] for ${fed} rows; expected [N, 1] or [N]`,
    );
  }
  if (value.type !== 'float32' && value.type !== 'float64') {
    throw new InferenceException(InferenceErrorCode.UnsupportedOutput, `output "${outputName}" is ${value.type}; expected float32 or float64 scores`);
  }
  const data = value.data as Float32Array | Float64Array;
  if (data instanceof Float32Array) scores.set(data.subarray(0, keep), offset);
  else for (let i = 0; i < keep; i++) scores[offset + i] = data[i];
}
