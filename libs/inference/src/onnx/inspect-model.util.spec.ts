import { sha256Hex } from '@fleetgate/common';
import { inspectModel } from './inspect-model.util';
import { codeOf, logistic } from './onnx-test-models.util';

describe('inspectModel', () => {
  it('reports names, dtypes, shapes with the symbolic batch dimension, and opsets', async () => {
    const bytes = logistic();
    const signature = await inspectModel(bytes);
    expect(signature).toEqual({
      sha256: sha256Hex(bytes),
      inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 3], isTensor: true }],
      outputs: [{ name: 'prob', dtype: 'float32', shape: ['N', 1], isTensor: true }],
      opsets: [{ domain: '', version: 13 }],
      irVersion: 8,
      producerName: 'fleetgate',
    });
  });

  it('refuses bytes that are not a loadable ONNX model', async () => {
    expect(await codeOf(inspectModel(new TextEncoder().encode('definitely not onnx')))).toMatch(/^INVALID_MODEL: /);
  });
});
