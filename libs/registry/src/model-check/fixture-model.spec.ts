import { readFileSync } from 'fs';
import { join } from 'path';
import * as ort from 'onnxruntime-node';
import { featureCount, manifestFeatureNames } from '../manifest/manifest-features.util';
import { parseManifest } from '../manifest/manifest-parse.util';
import { checkOnnxModel } from './model-check.util';

// Built with Debian python3-onnx by test/fixtures/models/gemm-sigmoid/make_gemm_sigmoid.py.
const dir = join(__dirname, '../../../../test/fixtures/models/gemm-sigmoid');

describe('the python-built Gemm + Sigmoid fixture', () => {
  const bytes = new Uint8Array(readFileSync(join(dir, 'model.onnx')));
  const parsed = parseManifest(JSON.parse(readFileSync(join(dir, 'fleetgate.model.json'), 'utf8')));

  it('has a valid manifest describing 20 features', () => {
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(featureCount(parsed.manifest)).toBe(20);
    expect(manifestFeatureNames(parsed.manifest).slice(0, 6)).toEqual([
      'vibration_rms.mean',
      'vibration_rms.std',
      'vibration_rms.min',
      'vibration_rms.max',
      'vibration_rms.slope',
      'bearing_temp.mean',
    ]);
  });

  it('passes checkOnnxModel', async () => {
    if (!parsed.ok) throw new Error('manifest refused');
    const result = await checkOnnxModel(bytes, parsed.manifest);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.info).toMatchObject({ inputName: 'features', outputName: 'prob', featureCount: 20, producer: 'python3-onnx' });
    expect(result.info.opsets).toEqual([{ domain: 'ai.onnx', version: 13 }]);
  });

  it('runs in onnxruntime and gives the probabilities numpy computed', async () => {
    const rows = [new Array(20).fill(0), Array.from({ length: 20 }, (_, i) => i), Array.from({ length: 20 }, (_, i) => Math.fround(10 * Math.sin(i)))];
    const session = await ort.InferenceSession.create(bytes);
    try {
      const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(rows.flat()), [3, 20]) });
      expect(out.prob.dims).toEqual([3, 1]);
      // numpy float64 reference printed by make_gemm_sigmoid.py: 0.1192029, 0.0096543, 0.0355781
      const expected = [0.1192029, 0.0096543, 0.0355781];
      Array.from(out.prob.data as Float32Array).forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
    } finally {
      await session.release();
    }
  });
});
