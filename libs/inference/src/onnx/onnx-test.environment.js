// Jest runs each spec in its own realm, but onnxruntime-node builds output tensors
// with the main realm's typed arrays, and onnxruntime-common then rejects them
// ("A float32 tensor's data must be type of Float32Array"). Specs that run real
// inference opt in with `@jest-environment <rootDir>/libs/inference/src/onnx/onnx-test.environment.js`
// so that both sides see the same typed-array constructors.
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

class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxTestEnvironment;
