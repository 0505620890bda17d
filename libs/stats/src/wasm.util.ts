import { readFileSync } from 'node:fs';

/**
 * The numeric kernels written in WebAssembly text (`*.wat` beside their TypeScript twins: the
 * full-day rollup scan, the borderline resamples, the feature windows, drift's sort and merge) are
 * assembled into committed `.wasm` files by `npm run build:wasm`; these load them and check them.
 */

// The ES2022 library this project compiles against leaves WebAssembly out (the DOM one declares
// it): the two constructors used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};

/** A module's memory, as its exports show it. */
export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE = 64 * 1024;

/** Instantiates the module in `file` (it imports nothing) and returns its exports, typed by the caller. */
export function loadWasm<T>(file: string): T {
  return new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file))).exports as T;
}

/** Grows `memory` to hold at least `bytes`. Views made before a growth are detached: make them after. */
export function reserveWasmMemory(memory: WasmMemory, bytes: number): void {
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
}

/**
 * Whether the committed `.wasm` beside `watFile` is what its source assembles to (for a spec: a
 * `.wat` edited without `npm run build:wasm` fails it). Loads wabt, a dev dependency, only when
 * called.
 */
export async function assembledFromSource(watFile: string): Promise<boolean> {
  const wabt = await (await import('wabt')).default();
  const module = wabt.parseWat(watFile, readFileSync(watFile, 'utf8'));
  try {
    module.resolveNames();
    module.validate();
    return Buffer.from(module.toBinary({}).buffer).equals(readFileSync(watFile.replace(/\.wat$/, '.wasm')));
  } finally {
    module.destroy();
  }
}
