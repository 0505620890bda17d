import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { TrainingErrorCode, TrainingException } from './training.exception';

export type TrainingBackend = 'wasm' | 'cpu';

let ready: Promise<TrainingBackend> | undefined;

/**
 * Selects the tfjs backend once per process. tfjs-node (native TensorFlow) cannot be
 * installed here, so the wasm backend is the fast path; its .wasm binaries ship inside
 * the npm package and are loaded from there, never fetched. `cpu` is the fallback when
 * wasm cannot start. Every dense-layer + Adam kernel the trainers use exists in wasm.
 */
export function initTrainingBackend(prefer: TrainingBackend = 'wasm'): Promise<TrainingBackend> {
  if (!ready) ready = selectBackend(prefer);
  return ready;
}

async function selectBackend(prefer: TrainingBackend): Promise<TrainingBackend> {
  if (prefer === 'wasm') {
    const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    setWasmPaths(path.dirname(wasmFile) + path.sep);
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return 'wasm';
    }
  }
  if (await tf.setBackend('cpu')) {
    await tf.ready();
    return 'cpu';
  }
  throw new TrainingException(TrainingErrorCode.BackendUnavailable, 'neither the wasm nor the cpu tfjs backend could start');
}
