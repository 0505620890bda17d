import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The trainer is a pure core: it may use `@fleetgate/common` and the pure feature code of
 * `@fleetgate/inference`, TensorFlow.js and the ONNX schema, but no Nest, no database, no
 * queue, no file or network I/O, and no other fleetgate lib (reading telemetry and writing
 * the manifest belong to the CLI and to the advice's variant trainer).
 */
const SRC = __dirname;
// `path` only locates the wasm binaries inside their npm package (tf-backend.util.ts).
const ALLOWED = new Set([
  '@fleetgate/common',
  '@fleetgate/stats',
  '@fleetgate/inference',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  'onnx-proto',
  'path',
  'node:path',
]);

function imports(source: string): string[] {
  const re = /(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]([^'"]+)['"]/g;
  const out: string[] = [];
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[1]);
  return out;
}

function productionFiles(): string[] {
  return fs
    .readdirSync(SRC)
    .filter((name) => name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(name) && !name.endsWith('.fixture.ts'))
    .map((name) => path.join(SRC, name));
}

describe('libs/training imports', () => {
  it('uses only common, inference, tfjs, onnx-proto and path (and its own files)', () => {
    const files = productionFiles();
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((file) =>
      imports(fs.readFileSync(file, 'utf8'))
        .filter((spec) => !spec.startsWith('./') && !ALLOWED.has(spec))
        .map((spec) => `${path.basename(file)}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('recognises the import forms', () => {
    expect(imports("import { Injectable } from '@nestjs/common';\nconst fs = require('node:fs');")).toEqual(['@nestjs/common', 'node:fs']);
    expect(imports("import type { Series } from '@fleetgate/common';")).toEqual(['@fleetgate/common']);
  });
});
