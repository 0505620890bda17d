import { join } from 'node:path';
import { loadWasm, reserveWasmMemory, WasmMemory } from '@fleetgate/stats';
import type { BlockStats } from './block-stats.util';

/**
 * The feature windows' inner loop — combine each window's blocks per signal, then write its
 * aggregations — in WebAssembly (window-kernel.wat). The worker builds the windows of every
 * machine it evaluates on its main thread, where they were a fifth of that thread's time: about
 * 13 ns a block in JavaScript (a 90-day machine: 2,160 windows × 8 signals × 6 blocks).
 *
 * The module adds the same terms in the same order as `combineBlocks` and `writeAggregations`
 * (no reassociation, no fused multiply-add) and rounds to Float32 as a Float32Array store does,
 * so the windows are the JavaScript ones bit for bit; a spec compares the two on gaps, empty
 * blocks, signed zeros and large levels.
 */
interface Exports {
  memory: WasmMemory;
  windows(
    nSig: number,
    H: number,
    total: number,
    bpw: number,
    bps: number,
    B: number,
    W: number,
    minValid: number,
    minCoverage: number,
    nAgg: number,
    aggs: number,
    stats: number,
    features: number,
    coverage: number,
    kept: number,
  ): number;
}

const wasm = loadWasm<Exports>(join(__dirname, 'window-kernel.wasm'));

/** Stored order of the Float64 columns (window-kernel.wat reads them by position), then the Int32 counts. */
const COLUMNS = ['ref', 'sum', 'sumSq', 'min', 'max', 'last', 'sumT', 'sumTT', 'sumTX'] as const;

export interface WindowKernelInput {
  stats: readonly BlockStats[];
  aggs: Int32Array;
  minValid: number;
  minCoverage: number;
  blocksPerWindow: number;
  blocksPerStep: number;
  /** samples per window and per step */
  W: number;
  S: number;
  /** the grid's first sample and interval (a kept window's end is startMs + (w·S + W)·intervalMs) */
  startMs: number;
  intervalMs: number;
}

/**
 * Fills `features`, `coverage` and `windowEndMs` as `fillWindows` does and returns the kept rows.
 * Every signal's blocks must be of one size.
 */
export function fillWindowsWasm(k: WindowKernelInput, total: number, features: Float32Array, coverage: Float32Array, windowEndMs: Float64Array): number {
  const nSig = k.stats.length;
  const B = k.stats[0]?.blockSize ?? 1;
  if (k.stats.some((s) => s.blockSize !== B)) throw new RangeError('fillWindowsWasm: the signals have blocks of different sizes');
  // Only the blocks some window reads; columns of an even length keep every Float64 8-byte aligned.
  const used = total > 0 ? (total - 1) * k.blocksPerStep + k.blocksPerWindow : 0;
  if (k.stats.some((s) => s.count.length < used)) throw new RangeError(`fillWindowsWasm: the windows read ${used} blocks, a signal has fewer`);
  const H = used + (used & 1);
  const aggs = 0;
  const stats = 8 * Math.ceil((4 * k.aggs.length) / 8);
  const out = stats + nSig * H * 76;
  const cov = out + 4 * features.length;
  const kept = cov + 4 * coverage.length;
  const end = kept + 4 * total;
  reserveWasmMemory(wasm.memory, end);
  const buffer = wasm.memory.buffer;
  new Int32Array(buffer, aggs, k.aggs.length).set(k.aggs);
  k.stats.forEach((st, s) => {
    const base = stats + s * H * 76;
    COLUMNS.forEach((name, c) => new Float64Array(buffer, base + c * H * 8, used).set(st[name].subarray(0, used)));
    new Int32Array(buffer, base + 9 * H * 8, used).set(st.count.subarray(0, used));
  });
  const rows = wasm.windows(nSig, H, total, k.blocksPerWindow, k.blocksPerStep, B, k.W, k.minValid, k.minCoverage, k.aggs.length, aggs, stats, out, cov, kept);
  features.set(new Float32Array(buffer, out, rows * nSig * k.aggs.length));
  coverage.set(new Float32Array(buffer, cov, rows * nSig));
  const index = new Int32Array(buffer, kept, rows);
  for (let r = 0; r < rows; r++) windowEndMs[r] = k.startMs + (index[r] * k.S + k.W) * k.intervalMs;
  return rows;
}
