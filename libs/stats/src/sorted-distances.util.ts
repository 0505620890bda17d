import { join } from 'node:path';
import { loadWasm, reserveWasmMemory, WasmMemory } from './wasm.util';
import { Numbers } from './descriptive.util';

/**
 * Feature drift sorts every feature of every machine's healthy windows (a few thousand Float32
 * values) and merges it with the pilot's sorted reference for the KS statistic and W1 — 40
 * features × every machine of a fleet. In JavaScript the radix sort took about 25 ns a value and
 * the merge, a branch nobody can predict per step, about as much again; in WebAssembly
 * (sorted-distances.wat) the sort takes a third of that and the merge chooses without branching.
 *
 * Same results to the bit: the sort is `radixSortFloat32`'s (the built-in sort's order) and the
 * merge `ksAndWasserstein`'s, step for step with the same IEEE operations; a spec compares them.
 */
interface Exports {
  memory: WasmMemory;
  sample: { value: number };
  sortFloat32(n: number): void;
  distances(ref: number, m: number, n: number): number;
}

const wasm = loadWasm<Exports>(join(__dirname, 'sorted-distances.wasm'));
const SAMPLE = wasm.sample.value;

/**
 * Sorts `sample` in place, ascending (the order `sortNumbers` gives), and returns
 * `ksAndWasserstein(reference, sample)`: `reference` ascending, neither holding NaN (a RangeError
 * names it; the sample's order is then unspecified). NaN for an empty sample or reference.
 */
export function sortedKsAndWasserstein(reference: Numbers, sample: Float32Array): { ks: number; w1: number } {
  const n = sample.length;
  const m = reference.length;
  // Sample bits, as many words of scratch, then the reference (8-aligned), its end marker and a word the merge may read past it.
  const ref = (SAMPLE + 8 * n + 7) & ~7;
  const end = ref + 8 * m + 16;
  reserveWasmMemory(wasm.memory, end);
  const at = new Float32Array(wasm.memory.buffer, SAMPLE, n);
  at.set(sample);
  wasm.sortFloat32(n);
  sample.set(at);
  if (n === 0 || m === 0) return { ks: NaN, w1: NaN };
  new Float64Array(wasm.memory.buffer, ref, m).set(reference);
  if (!wasm.distances(ref, m, n)) throw new RangeError('sortedKsAndWasserstein: NaN in input');
  const out = new Float64Array(wasm.memory.buffer, 0, 2);
  return { ks: out[0], w1: out[1] };
}
