import { join } from 'node:path';
import { loadWasm, reserveWasmMemory, WasmMemory } from '@fleetgate/stats';
import { GroupedSorted, LEVEL_CONSTANTS } from './signal-levels.util';

/**
 * `levelOfDrawn` in WebAssembly (drawn-level.wat): the borderline intervals recompute a signal's
 * level and spread for every bootstrap resample of its days — up to 200 resamples × 8 signals ×
 * every machine of a fleet, the evaluation's largest single cost. In JavaScript one resample of
 * 90 days of hours took about 16 µs; here about a third of that.
 *
 * The module does what the JavaScript function does, step for step with the same IEEE operations,
 * so the figures are bit for bit the same (a spec compares the two on random, tied, quantised and
 * single-group inputs); `levelOfDrawn` stays as the readable definition.
 *
 * One module instance per thread, so one loaded signal at a time: `loadDrawn` replaces whatever a
 * previous call loaded, and a `DrawnLevels` used after that refuses.
 */
interface Exports {
  memory: WasmMemory;
  level(
    len: number,
    groups: number,
    mv: number,
    mg: number,
    sv: number,
    sg: number,
    sizes: number,
    drawn: number,
    cum: number,
    trim: number,
    madToSigma: number,
    meanAdToSigma: number,
  ): void;
}

const wasm = loadWasm<Exports>(join(__dirname, 'drawn-level.wasm'));
let loads = 0;

/** A signal's sorted hours loaded into the module: fill `drawn` (times each group is drawn), then `level()`. */
export interface DrawnLevels {
  /** Times each group is drawn in the next resample; a view into the module, valid while this is the loaded signal. */
  readonly drawn: Uint32Array;
  /** `levelOfDrawn(means, stds, drawn)` of the loaded hours. */
  level(): { mean: number; std: number };
}

/** Loads one signal's hours (`groupedSorted` of its means and of its σs, the same hours and groups). */
export function loadDrawn(means: GroupedSorted, stds: GroupedSorted): DrawnLevels {
  const len = means.values.length;
  const groups = means.sizes.length;
  if (stds.values.length !== len) throw new RangeError(`loadDrawn: ${len} means but ${stds.values.length} σs`);
  // Float64 arrays first (8-byte aligned), then the 32-bit ones.
  const mv = 16;
  const sv = mv + 8 * len;
  const mg = sv + 8 * len;
  const sg = mg + 4 * len;
  const cum = sg + 4 * len;
  const sizes = cum + 4 * len;
  const drawn = sizes + 4 * groups;
  const end = drawn + 4 * groups;
  reserveWasmMemory(wasm.memory, end);
  const buffer = wasm.memory.buffer;
  new Float64Array(buffer, mv, len).set(means.values);
  new Float64Array(buffer, sv, len).set(stds.values);
  new Uint32Array(buffer, mg, len).set(means.group);
  new Uint32Array(buffer, sg, len).set(stds.group);
  new Uint32Array(buffer, sizes, groups).set(means.sizes);
  const draws = new Uint32Array(buffer, drawn, groups);
  const result = new Float64Array(buffer, 0, 2);
  const load = ++loads;
  const { trim, madToSigma, meanAdToSigma } = LEVEL_CONSTANTS;
  return {
    drawn: draws,
    level() {
      if (load !== loads) throw new Error('loadDrawn: another signal has been loaded since');
      wasm.level(len, groups, mv, mg, sv, sg, sizes, drawn, cum, trim, madToSigma, meanAdToSigma);
      return { mean: result[0], std: result[1] };
    },
  };
}
