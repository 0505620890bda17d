import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildMlpOnnx } from '@fleetgate/inference';
import { MAX_ONNX_BYTES } from '@fleetgate/registry';
import { startApi, TestApi } from '../../../../test/setup/harness';
import { runCommand } from '../cli-test.fixtures';
import { modelsCommand } from './models.command';

/** `models register` in-process against the real api: the file goes as a multipart upload. */
describe('models register CLI command (via the api)', () => {
  let api: TestApi;
  let dir: string;
  const manifest = (patch: Record<string, unknown> = {}) => ({
    name: 'cli-exported',
    task: 'failure-probability',
    horizon: '7d',
    signals: ['vibration_rms', 'bearing_temp'],
    input: { kind: 'features', window: '6h', step: '1h', aggregations: ['mean', 'max'] },
    output: { name: 'risk', higherIsWorse: true, threshold: 0.5 },
    training: { machineIds: ['PLT1-P200-0007'], from: '2024-01-01T00:00:00Z', to: '2024-04-01T00:00:00Z' },
    ...patch,
  });
  /** A model directory: model.onnx (input x, output risk) and its fleetgate.model.json. */
  const modelDir = (name: string, m: unknown): string => {
    const d = path.join(dir, name);
    fs.mkdirSync(d);
    const onnx = buildMlpOnnx({
      inputSize: 4,
      layers: [{ weights: new Float32Array(4).fill(0.01), bias: Float32Array.of(0), activation: 'sigmoid' }],
      inputName: 'x',
      outputName: 'risk',
    });
    fs.writeFileSync(path.join(d, 'model.onnx'), onnx);
    fs.writeFileSync(path.join(d, 'fleetgate.model.json'), JSON.stringify(m));
    return d;
  };
  const cli = (...args: string[]) => {
    process.env.FLEETGATE_URL = api.url;
    process.env.FLEETGATE_TOKEN = api.tokens.mle;
    return runCommand(modelsCommand, ['models', ...args]);
  };

  beforeAll(async () => {
    api = await startApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-cli-models-'));
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers a model with its manifest, profile and version number, and shows its input and output', async () => {
    const d = modelDir('ok', manifest());
    const features = ['vibration_rms.mean', 'vibration_rms.max', 'bearing_temp.mean', 'bearing_temp.max'];
    fs.writeFileSync(path.join(d, 'profile.json'), JSON.stringify({ features: features.map((name) => ({ name, sample: [1, 2, 3] })) }));
    const r = await cli('register', path.join(d, 'model.onnx'), '--profile', path.join(d, 'profile.json'), '--version', '4', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ model: 'cli-exported', version: 4, inputName: 'x', outputName: 'risk', profile: { status: 'uploaded' } });
    const shown = await cli('show', 'cli-exported@4');
    expect(shown.stdout).toContain('onnx      input "x" → output "risk"');
  });

  it('refuses a model file over the registry limit before uploading it (exit 2, naming the limit)', async () => {
    const d = modelDir('huge', manifest({ name: 'cli-huge' }));
    fs.truncateSync(path.join(d, 'model.onnx'), MAX_ONNX_BYTES + 1); // sparse: nothing is written
    await expect(cli('register', path.join(d, 'model.onnx'))).rejects.toMatchObject({
      exitCode: 2,
      message: `model ${path.join(d, 'model.onnx')} is 52428801 bytes; the registry takes models up to 50 MiB (52428800 bytes)`,
    });
  });

  it("passes the api's 400 for an unknown signal on as exit 2 with the field", async () => {
    const d = modelDir('typo', manifest({ name: 'cli-typo', signals: ['vibration_rms', 'bearing_tmp'] }));
    await expect(cli('register', path.join(d, 'model.onnx'))).rejects.toMatchObject({
      exitCode: 2,
      details: [{ field: 'manifest.signals[1]', message: expect.stringContaining('did you mean bearing_temp?') }],
    });
  });
});
