import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onnx } from 'onnx-proto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildMlpOnnx } from '@fleetgate/inference';
import { MAX_ONNX_BYTES, ModelVersionService } from '@fleetgate/registry';
import { quantile } from '@fleetgate/stats';
import { CmapssImportService } from '@fleetgate/telemetry';
import { startApi, TestApi } from '../../../../test/setup/harness';

// The fixture manifest, loosely typed so each case can break one field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = Record<string, any>;

const ROOT = path.resolve(__dirname, '../../../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/models/gemm-sigmoid');
const fixtureBytes = fs.readFileSync(path.join(FIXTURE, 'model.onnx'));
const fixtureManifest = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'fleetgate.model.json'), 'utf8')) as Manifest;
const withManifest = (patch: (m: Manifest) => void): Manifest => {
  const m = structuredClone(fixtureManifest);
  patch(m);
  return m;
};

/** A 20-input logistic model like the fixture, built in-process (different bytes per bias). */
const logistic = (bias: number): Uint8Array =>
  buildMlpOnnx({
    inputSize: 20,
    layers: [{ weights: new Float32Array(20).fill(0.01), bias: Float32Array.of(bias), activation: 'sigmoid' }],
    inputName: 'features',
    outputName: 'prob',
  });

/** The same model grown to `totalBytes` by an unused float initializer (onnxruntime drops it on load). */
function padded(bytes: Uint8Array, totalBytes: number): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const floats = Math.floor((totalBytes - bytes.length) / 4);
  model.graph!.initializer!.push(
    onnx.TensorProto.create({ name: 'padding', dims: [floats], dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(floats * 4) }),
  );
  return onnx.ModelProto.encode(model).finish();
}

/** One Sigmoid node from a custom operator domain, otherwise a well-formed model. */
function customDomainModel(): Uint8Array {
  const value = (name: string): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: 20 }] } } },
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [
        { domain: '', version: 13 },
        { domain: 'com.example.custom', version: 1 },
      ],
      graph: {
        name: 'custom',
        node: [{ opType: 'FancySigmoid', domain: 'com.example.custom', input: ['features'], output: ['prob'] }],
        input: [value('features')],
        output: [value('prob')],
      },
    }),
  ).finish();
}

describe('model registry (PostgreSQL)', () => {
  let api: TestApi;
  let ds: DataSource;
  let artifactDir: string;
  const post = (body: unknown, token = api.tokens.mle) =>
    request(api.url)
      .post('/api/models/register')
      .set('authorization', `Bearer ${token}`)
      .send(body as object);
  const get = (url: string) => request(api.url).get(url).set('authorization', `Bearer ${api.tokens.pm}`);
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

  async function stored(): Promise<Record<string, number>> {
    const count = async (table: string) => Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    const files = fs.existsSync(artifactDir) ? fs.readdirSync(artifactDir).length : 0;
    return {
      models: await count('models'),
      versions: await count('model_versions'),
      stages: await count('model_stage_changes'),
      audit: await count('audit_events'),
      files,
    };
  }

  beforeAll(async () => {
    api = await startApi();
    ds = api.app.get(DataSource);
    artifactDir = path.join(api.env.FLEETGATE_DATA_DIR, 'artifacts');
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  describe('refuses bad registrations with a 4xx naming the cause, storing nothing', () => {
    const cases: Array<[string, () => unknown, number, RegExp]> = [
      [
        'random bytes',
        () => ({ manifest: fixtureManifest, onnxBase64: b64(Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 97 + 13) % 256))) }),
        400,
        /ONNX|protobuf/i,
      ],
      [
        'a truncated .onnx',
        () => ({ manifest: fixtureManifest, onnxBase64: b64(fixtureBytes.subarray(0, Math.floor(fixtureBytes.length / 2))) }),
        400,
        /truncated|protobuf|not a readable/i,
      ],
      ['input width ≠ manifest', () => ({ manifest: withManifest((m) => (m.signals = m.signals.slice(0, 3))), onnxBase64: b64(fixtureBytes) }), 400, /15|20/],
      ['an output name not in the model', () => ({ manifest: withManifest((m) => (m.output.name = 'score')), onnxBase64: b64(fixtureBytes) }), 400, /score/],
      ['NaN outputs', () => ({ manifest: fixtureManifest, onnxBase64: b64(logistic(NaN)) }), 400, /NaN|finite/i],
      ['a custom op domain', () => ({ manifest: fixtureManifest, onnxBase64: b64(customDomainModel()) }), 400, /com\.example\.custom/],
      [
        'an unknown aggregation',
        () => ({ manifest: withManifest((m) => (m.input.aggregations = ['mean', 'median'])), onnxBase64: b64(fixtureBytes) }),
        400,
        /median/,
      ],
      ['a body that is not base64', () => ({ manifest: fixtureManifest, onnxBase64: '%%% not base64 %%%' }), 400, /base64/],
      [
        'a signal the catalog does not know',
        () => ({ manifest: withManifest((m) => (m.signals[1] = 'bearing_tmp')), onnxBase64: b64(fixtureBytes) }),
        400,
        /manifest\.signals\[1\].*unknown signal "bearing_tmp" — did you mean bearing_temp\?/,
      ],
      [
        'a stated input.name the model does not have',
        () => ({ manifest: withManifest((m) => (m.input.name = 'x')), onnxBase64: b64(fixtureBytes) }),
        400,
        /input\.name.*the model's input is \\"features\\"/,
      ],
      [
        'an uploaded profile with other feature names',
        () => ({ manifest: fixtureManifest, onnxBase64: b64(fixtureBytes), profile: { features: [{ name: 'vibration_rms.mean', sample: [1, 2] }] } }),
        400,
        /missing manifest features/,
      ],
    ];
    it.each(cases)('%s', async (_, body, status, message) => {
      const before = await stored();
      const res = await post(body());
      expect(res.status).toBe(status);
      expect(`${res.body.message} ${JSON.stringify(res.body.errors ?? [])}`).toMatch(message);
      expect(await stored()).toEqual(before);
    });
  });

  it('registers the externally made fixture (201), runs it, and returns the same version for the same bytes (200)', async () => {
    const first = await post({ manifest: fixtureManifest, onnxBase64: b64(fixtureBytes) }).expect(201);
    expect(first.body).toMatchObject({ model: 'pump-bearing-failure-gemm', version: 1, stage: 'pilot', task: 'failure-probability' });
    expect(first.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Its training machine is not in this fleet: registered without a profile, saying why.
    expect(first.body.profile).toMatchObject({ status: 'absent', reason: expect.stringContaining('PLT1-P200-0007') });
    expect(first.body.history).toEqual([expect.objectContaining({ fromStage: null, toStage: 'pilot', actor: 'mle', reason: 'registered' })]);
    expect(fs.existsSync(path.join(artifactDir, `${first.body.sha256}.onnx`))).toBe(true);

    const before = await stored();
    const again = await post({ manifest: fixtureManifest, onnxBase64: b64(fixtureBytes) }).expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await stored()).toEqual(before);

    // What an evaluation does: load by version id, run the verified bytes.
    const loaded = await api.app.get(ModelVersionService).load(first.body.id);
    expect(loaded.sha256).toBe(first.body.sha256);
    const session = await InferenceSession.create(loaded.onnx);
    const out = await session.run({ features: new Tensor('float32', new Float32Array(40).fill(0.5), [2, 20]) });
    const probs = Array.from(out.prob.data as Float32Array);
    expect(probs).toHaveLength(2);
    probs.forEach((p) => expect(p > 0 && p < 1).toBe(true));
    await session.release();

    const audit = await ds.query(`SELECT payload FROM audit_events WHERE action = 'model.registered' AND subject = 'model:pump-bearing-failure-gemm@1'`);
    expect(JSON.parse(audit[0].payload).sha256).toBe(first.body.sha256);
  });

  it('refuses unknown signals with the field, a near match and the catalog', async () => {
    const res = await post({
      manifest: withManifest((m) => (m.signals = ['vibration_rms', 'bearing_tmp', 'motor_current', 'oil_viscosity'])),
      onnxBase64: b64(fixtureBytes),
    }).expect(400);
    expect(res.body.code).toBe('REGISTRY_INVALID_MANIFEST');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['manifest.signals[1]', 'manifest.signals[3]']);
    expect(res.body.errors[0].message).toMatch(
      /^unknown signal "bearing_tmp" — did you mean bearing_temp\? \(the signal catalog has: vibration_rms, bearing_temp, /,
    );
    expect(res.body.errors[1].message).toMatch(/^unknown signal "oil_viscosity" \(the signal catalog has: .*cmapss_s21.*\)$/);
  });

  it('registers a model whose input is x and output risk, and reads the version with those names', async () => {
    const manifest = withManifest((m) => {
      m.name = 'exported-elsewhere';
      m.output.name = 'risk';
    });
    const bytes = buildMlpOnnx({
      inputSize: 20,
      layers: [{ weights: new Float32Array(20).fill(0.01), bias: Float32Array.of(0), activation: 'sigmoid' }],
      inputName: 'x',
      outputName: 'risk',
    });
    const res = await post({ manifest, onnxBase64: b64(bytes) }).expect(201);
    expect(res.body).toMatchObject({ inputName: 'x', outputName: 'risk' });
    const loaded = await api.app.get(ModelVersionService).load(res.body.id);
    expect(loaded).toMatchObject({ inputName: 'x', output: { name: 'risk', higherIsWorse: true, threshold: 0.5 } });
    // The fixture (input "features") keeps its own names.
    expect((await get('/api/models/pump-bearing-failure-gemm/versions/1').expect(200)).body).toMatchObject({ inputName: 'features', outputName: 'prob' });
  });

  describe('multipart upload (POST /api/models/upload)', () => {
    const upload = (parts: { model?: Uint8Array; manifest?: unknown; fields?: Record<string, string> }, token = api.tokens.mle) => {
      const req = request(api.url).post('/api/models/upload').set('authorization', `Bearer ${token}`);
      if (parts.model) req.attach('model', Buffer.from(parts.model), 'model.onnx');
      if (parts.manifest !== undefined) req.attach('manifest', Buffer.from(JSON.stringify(parts.manifest)), 'fleetgate.model.json');
      for (const [k, v] of Object.entries(parts.fields ?? {})) req.field(k, v);
      return req;
    };

    it('registers a 45 MB model, which the JSON form cannot carry, and the same upload again is the same version', async () => {
      const manifest = withManifest((m) => (m.name = 'big-model'));
      const big = padded(logistic(0.7), 45_000_000);
      expect(big.length).toBeGreaterThan(44_000_000);
      const res = await upload({ model: big, manifest }).expect(201);
      expect(res.body).toMatchObject({ model: 'big-model', version: 1, sizeBytes: big.length, inputName: 'features', outputName: 'prob' });
      expect(fs.statSync(path.join(artifactDir, `${res.body.sha256}.onnx`)).size).toBe(big.length);
      // The manifest as a text field instead of a file part.
      const again = await upload({ model: big, fields: { manifest: JSON.stringify(manifest) } }).expect(200);
      expect(again.body.id).toBe(res.body.id);
    }, 120_000);

    it('refuses a model file over the limit with a 413 naming the limit, storing nothing', async () => {
      const before = await stored();
      const res = await upload({ model: new Uint8Array(MAX_ONNX_BYTES + 1), manifest: fixtureManifest }).expect(413);
      expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(res.body.message).toBe("a file of the upload is larger than 50 MiB (52428800 bytes), the registry's limit for a model; nothing was stored");
      expect(await stored()).toEqual(before);
    }, 120_000);

    it('refuses a JSON body over its limit with a 413 that points to the upload, not a 500', async () => {
      const res = await post({ manifest: fixtureManifest, onnxBase64: 'A'.repeat(51 * 1048576) }).expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(res.body.message).toContain('the limit for this content type is 50 MiB (52428800 bytes)');
      expect(res.body.message).toContain('POST /api/models/upload');
    }, 120_000);

    it.each<[string, () => Parameters<typeof upload>[0], string, RegExp]>([
      ['no model part', () => ({ manifest: fixtureManifest }), 'model', /no model/],
      ['no manifest', () => ({ model: fixtureBytes }), 'manifest', /no manifest/],
      ['the manifest twice', () => ({ model: fixtureBytes, manifest: fixtureManifest, fields: { manifest: '{}' } }), 'manifest', /twice/],
      ['a manifest that is not JSON', () => ({ model: fixtureBytes, fields: { manifest: '{ nope' } }), 'manifest', /not valid JSON/],
      ['a profile that is not JSON', () => ({ model: fixtureBytes, manifest: fixtureManifest, fields: { profile: '[1,' } }), 'profile', /not valid JSON/],
      [
        'a version that is not a positive integer',
        () => ({ model: fixtureBytes, manifest: fixtureManifest, fields: { version: '0' } }),
        'version',
        /positive integer/,
      ],
      ['an unknown field', () => ({ model: fixtureBytes, manifest: fixtureManifest, fields: { note: 'hi' } }), 'note', /should not exist/],
    ])('refuses %s with a 400 naming the part, storing nothing', async (_, parts, field, message) => {
      const before = await stored();
      const res = await upload(parts()).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(res.body.message).toMatch(message);
      expect(await stored()).toEqual(before);
    });

    it('takes the version and a profile as parts, and refuses a plant manager', async () => {
      const manifest = withManifest((m) => (m.name = 'upload-parts'));
      const features = manifest.signals.flatMap((s: string) => manifest.input.aggregations.map((a: string) => `${s}.${a}`));
      const profile = { features: features.map((name: string, i: number) => ({ name, sample: [i, i + 1, i + 2] })) };
      await upload({ model: logistic(0.11), manifest }, api.tokens.pm).expect(403);
      const res = await upload({ model: logistic(0.11), manifest, fields: { version: '3', profile: JSON.stringify(profile) } }).expect(201);
      expect(res.body).toMatchObject({ model: 'upload-parts', version: 3, profile: { status: 'uploaded', features: 20 } });
    });
  });

  it('refuses an explicit version that exists with other bytes (409), storing nothing', async () => {
    const before = await stored();
    const res = await post({ manifest: fixtureManifest, onnxBase64: b64(logistic(0.3)), version: 1 }).expect(409);
    expect(res.body.message).toContain('pump-bearing-failure-gemm@1');
    expect(await stored()).toEqual(before);
  });

  it('refuses registration by a plant manager (403) and lets them read', async () => {
    await post({ manifest: fixtureManifest, onnxBase64: b64(fixtureBytes) }, api.tokens.pm).expect(403);
    const list = await get('/api/models').expect(200);
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'pump-bearing-failure-gemm', versionCount: 1 })]));
    const one = await get('/api/models/pump-bearing-failure-gemm/versions/1').expect(200);
    const byId = await get(`/api/model-versions/${one.body.id}`).expect(200);
    expect(byId.body.manifestSha256).toBe(one.body.manifestSha256);
    await get('/api/models/pump-bearing-failure-gemm/versions/9').expect(404);
  });

  it('numbers concurrent registrations without duplicates', async () => {
    const manifest = withManifest((m) => (m.name = 'concurrent-model'));
    const results = await Promise.all([0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((bias) => post({ manifest, onnxBase64: b64(logistic(bias)) })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(results.map((r) => r.body.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('records stage changes in the history and the audit chain', async () => {
    const one = await get('/api/models/pump-bearing-failure-gemm/versions/1').expect(200);
    const versions = api.app.get(ModelVersionService);
    await versions.changeStage(one.body.id, 'staging', 'rel', 'pilot looked fine');
    await expect(versions.changeStage(one.body.id, 'staging', 'rel', 'again')).rejects.toThrow('already in stage staging');
    const after = await get(`/api/model-versions/${one.body.id}`).expect(200);
    expect(after.body.stage).toBe('staging');
    expect(after.body.history.map((h: { toStage: string }) => h.toStage)).toEqual(['pilot', 'staging']);
    const verify = await request(api.url).get('/api/audit/verify').set('authorization', `Bearer ${api.tokens.rel}`).expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('profiles an anomaly model trained on C-MAPSS FD001-001 (first 50 cycles) from its training data', async () => {
    // Engine 1 of train_FD001 only (192 cycles, failure at the last), under the file's own name.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetgate-cmapss-'));
    const engine1 = fs
      .readFileSync(path.join(ROOT, '../shared/data/cmapss/train_FD001.txt'), 'utf8')
      .split('\n')
      .filter((l) => /^1\s/.test(l));
    fs.writeFileSync(path.join(dir, 'train_FD001.txt'), engine1.join('\n'));
    await api.app.get(CmapssImportService, { strict: false }).importFile(path.join(dir, 'train_FD001.txt'), {}, 'test');

    const modelDir = path.join(ROOT, 'models/fd001-001-anomaly');
    const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'fleetgate.model.json'), 'utf8'));
    const res = await post({ manifest, onnxBase64: b64(fs.readFileSync(path.join(modelDir, 'model.onnx'))) }).expect(201);
    // 24 signals × 5 aggregations; 50 hourly cycles → 45 windows of 6 h, all > 3 days before the failure.
    expect(res.body.profile).toMatchObject({ status: 'computed', features: 120, signals: 24, windows: { total: 45, healthy: 45 }, sampleSize: 45 });
    const profile = (await get(`/api/model-versions/${res.body.id}/profile`).expect(200)).body.profile;
    expect(profile.features.map((f: { name: string }) => f.name).slice(0, 2)).toEqual(['cmapss_s1.mean', 'cmapss_s1.std']);
    expect(profile.output.sample).toHaveLength(45);
    // Threshold = the 0.99 quantile of the training scores: only the top score is beyond it.
    expect(profile.alarmRate).toBeGreaterThanOrEqual(0);
    expect(profile.alarmRate).toBeLessThanOrEqual(2 / 45);
    expect(Math.abs(profile.alarmRate - (1 - 0.99))).toBeLessThan(0.02);
    const sorted = [...profile.output.sample].sort((a: number, b: number) => a - b);
    expect(quantile(sorted, 0.99)).toBeCloseTo(manifest.output.threshold, 4);
    // Flat C-MAPSS sensor s1 (518.67 throughout): its raw level is kept for the domain check.
    const s1 = profile.signals.find((s: { name: string }) => s.name === 'cmapss_s1');
    expect(s1).toMatchObject({ n: 50, std: 0 });
    expect(s1.mean).toBeCloseTo(518.67, 2);
  }, 120_000);
});

describe('model registry (SQLite)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ sqlite: true });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });
  const post = (body: unknown) =>
    request(api.url)
      .post('/api/models/register')
      .set('authorization', `Bearer ${api.tokens.admin}`)
      .send(body as object);
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

  it('registers, deduplicates, numbers concurrent versions and refuses a taken number', async () => {
    const first = await post({ manifest: fixtureManifest, onnxBase64: b64(fixtureBytes) }).expect(201);
    expect((await post({ manifest: fixtureManifest, onnxBase64: b64(fixtureBytes) }).expect(200)).body.id).toBe(first.body.id);
    const results = await Promise.all([0.1, 0.2, 0.3, 0.4].map((bias) => post({ manifest: fixtureManifest, onnxBase64: b64(logistic(bias)) })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(results.map((r) => r.body.version).sort()).toEqual([2, 3, 4, 5]);
    await post({ manifest: fixtureManifest, onnxBase64: b64(logistic(0.9)), version: 3 }).expect(409);
    const files = fs.readdirSync(path.join(api.env.FLEETGATE_DATA_DIR, 'artifacts'));
    expect(files).toHaveLength(5);
  });
});
