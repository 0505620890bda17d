import { join } from 'node:path';
import { loadWasm, reserveWasmMemory, WasmMemory } from '@fleetgate/stats';

/**
 * The hour scan of a day whose every sample is present, in WebAssembly SIMD: four hours at once,
 * one per lane (full-day-scan.wat). Ingest scans every sample it stores, and most days of a
 * running machine are full; in JavaScript the scan cost about 4.7 ns a sample — most of what
 * rollups added to the command storing them. Here a day of minute samples takes 1.5 µs, not 7.4.
 *
 * Each lane adds its hour's samples in slot order, as `scanHour` does, with the same operations
 * (no reassociation, no fused multiply-add), so the bytes are the scalar scan's bit for bit — a
 * spec compares the two on random, quantised, constant, signed-zero and extreme days. Days with a
 * missing sample, a grid off midnight, an interval that does not divide the hour or one finer
 * than a second take the scalar path.
 */
interface Exports {
  memory: WasmMemory;
  input: { value: number };
  outputBytes: { value: number };
  scanFullDay(perHour: number): number;
}

/** Up to 1-second samples: the module's memory stays under 0.4 MB (finer grids scan the scalar way). */
const MAX_PER_HOUR = 3600;

const wasm = loadWasm<Exports>(join(__dirname, 'full-day-scan.wasm'));
const input = wasm.input.value;

/** Bytes of the rollup `scanFullDay` returns (the compact layout's: hourly-rollup.util checks at load). */
export const FULL_DAY_BYTES = wasm.outputBytes.value;

/**
 * The compact rollup bytes (`COMPACT_ROLLUP_BYTES`, in stored order) of a day on a grid from
 * midnight with `perHour` slots an hour, when all 24 × `perHour` of `values` are finite; undefined
 * otherwise. The bytes are a view valid until the next call.
 */
export function scanFullDay(values: Float32Array, perHour: number): Uint8Array | undefined {
  const n = 24 * perHour;
  if (perHour > MAX_PER_HOUR || values.length < n) return undefined;
  const needed = input + n * 4;
  reserveWasmMemory(wasm.memory, needed);
  new Float32Array(wasm.memory.buffer, input, n).set(values.length === n ? values : values.subarray(0, n));
  return wasm.scanFullDay(perHour) ? new Uint8Array(wasm.memory.buffer, 0, FULL_DAY_BYTES) : undefined;
}
