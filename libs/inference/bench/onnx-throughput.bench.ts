import { InferenceSession } from 'onnxruntime-node';
import { buildMlpOnnx, DenseLayer } from '../src/onnx/onnx-build.util';
import { runBatched } from '../src/onnx/run-batched.util';

export interface OnnxThroughputResult {
  batchSize: number;
  rows: number;
  rowsPerSecond: number;
}

function randomLayer(rand: () => number, inputs: number, outputs: number, activation: DenseLayer['activation']): DenseLayer {
  const scale = 1 / Math.sqrt(inputs);
  return {
    weights: Float32Array.from({ length: inputs * outputs }, () => (rand() - 0.5) * 2 * scale),
    bias: Float32Array.from({ length: outputs }, () => (rand() - 0.5) * 0.1),
    activation,
  };
}

/** Raw rows/s of a 40→64→32→1 MLP through runBatched at several batch sizes. */
export async function benchOnnxThroughput(batchSizes = [1, 1024, 8192]): Promise<OnnxThroughputResult[]> {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const bytes = buildMlpOnnx({
    inputSize: 40,
    layers: [randomLayer(rand, 40, 64, 'relu'), randomLayer(rand, 64, 32, 'relu'), randomLayer(rand, 32, 1, 'sigmoid')],
  });
  const session = await InferenceSession.create(bytes);
  const results: OnnxThroughputResult[] = [];
  for (const batchSize of batchSizes) {
    const rows = batchSize === 1 ? 20_000 : 524_288;
    const features = Float32Array.from({ length: rows * 40 }, () => rand() * 4 - 2);
    await runBatched(session, 'features', 'score', features.subarray(0, Math.min(rows, 4 * batchSize) * 40), Math.min(rows, 4 * batchSize), 40, batchSize);
    const t0 = process.hrtime.bigint();
    await runBatched(session, 'features', 'score', features, rows, 40, batchSize);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    results.push({ batchSize, rows, rowsPerSecond: rows / seconds });
  }
  await session.release();
  return results;
}

if (require.main === module) {
  void benchOnnxThroughput().then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`));
}
