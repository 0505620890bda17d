// Jest runs each spec in its own VM realm, but onnxruntime-node builds output tensors with
// the main realm's typed arrays, and onnxruntime-common then rejects them with "A float32
// tensor's data must be type of Float32Array" (an instanceof across realms). Every project
// uses this environment, which shares the main realm's typed-array constructors.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class TypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = TypedArrayEnvironment;
