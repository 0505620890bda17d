import NodeEnvironment from 'jest-environment-node';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';

/**
 * Jest runs each spec in its own VM realm, but onnxruntime-node's native binding creates
 * its output arrays in the main realm, and onnxruntime-common then rejects them with
 * "A float32 tensor's data must be type of function Float32Array()" (an `instanceof`
 * across realms). Sharing the main realm's typed-array constructors fixes that.
 * Specs that run onnxruntime opt in with a `@jest-environment` docblock.
 */
export default class OnnxRuntimeEnvironment extends NodeEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const shared = [
      ArrayBuffer,
      Float32Array,
      Float64Array,
      Int8Array,
      Int16Array,
      Int32Array,
      BigInt64Array,
      Uint8Array,
      Uint8ClampedArray,
      Uint16Array,
      Uint32Array,
      BigUint64Array,
    ];
    for (const ctor of shared) (this.global as Record<string, unknown>)[ctor.name] = ctor;
  }
}
