import * as fs from 'node:fs';
import { InferenceSession } from 'onnxruntime-node';
import { runBatched } from '@fleetgate/inference';

export interface OnnxThroughput {
  batchSize: number;
  rows: number;
  rowsPerSecond: number;
}

/**
 * Step 6: rows/s of the pilot model itself through runBatched at several batch sizes.
 * Inputs are uniform noise of the model's width: throughput does not depend on the values.
 */
export async function benchOnnxThroughput(
  onnxPath: string,
  inputName: string,
  outputName: string,
  cols: number,
  batchSizes = [1, 1024, 8192],
): Promise<OnnxThroughput[]> {
  const session = await InferenceSession.create(fs.readFileSync(onnxPath));
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const out: OnnxThroughput[] = [];
  try {
    for (const batchSize of batchSizes) {
      // One row at a time is ~1000× slower: fewer rows keep it to a few seconds.
      const rows = batchSize === 1 ? 20_000 : 524_288;
      const features = Float32Array.from({ length: rows * cols }, () => rand() * 4 - 2);
      const warm = Math.min(rows, 4 * batchSize);
      await runBatched(session, inputName, outputName, features.subarray(0, warm * cols), warm, cols, batchSize);
      const t0 = process.hrtime.bigint();
      await runBatched(session, inputName, outputName, features, rows, cols, batchSize);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      out.push({ batchSize, rows, rowsPerSecond: rows / seconds });
    }
  } finally {
    await session.release();
  }
  return out;
}
