import { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DAY_MS } from '@fleetgate/common';
import { FleetService } from '@fleetgate/fleet';
import { IngestService } from '@fleetgate/telemetry';
import { startApi, TestApi } from '../../../../test/setup/harness';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/models/gemm-sigmoid');

/** The model's input columns as a manifest names them: signal-major, `<signal>.<aggregation>`. */
const features = (m: { signals: string[]; input: { aggregations: string[] } }): string[] =>
  m.signals.flatMap((signal) => m.input.aggregations.map((agg) => `${signal}.${agg}`));

export interface EvaluableModel {
  versionId: string;
  ref: string;
  assetId: string;
  /** End of the machine's data (a whole hour), where a look-back period ends. */
  dataEndMs: number;
}

/**
 * What starting an evaluation run needs, without the worker pipeline: one machine with three
 * days of minute data and the externally made fixture model registered with an uploaded
 * reference profile. Runs started on it stay queued (no worker), which is all a test of the
 * request side needs.
 */
export async function seedEvaluable(app: INestApplication, url: string, mleToken: string): Promise<EvaluableModel> {
  const t0 = Date.UTC(2026, 0, 1);
  const assetId = 'PLT1-P200-0100';
  const [machine] = await app
    .get(FleetService)
    .ensureMachines(
      [{ assetId, site: 'PLT1', machineModel: 'P200', manufacturer: 'Acme', commissionedAt: '2020-01-01', criticality: 'low', rawTags: ['vib1'] }],
      'test',
    );
  const n = 3 * 1440;
  const vib = new Float32Array(n).map((_, i) => 2 + Math.sin(i / 30));
  await app.get(IngestService).ingestMachineSeries(machine, { vib1: { startMs: t0, intervalMs: 60_000, values: vib } });

  const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'fleetgate.model.json'), 'utf8'));
  const onnxBase64 = fs.readFileSync(path.join(FIXTURE, 'model.onnx')).toString('base64');
  const profile = { features: features(manifest).map((name, i) => ({ name, sample: [i, i + 1, i + 2, i + 3] })) };
  const res = await request(url).post('/api/models/register').set('authorization', `Bearer ${mleToken}`).send({ manifest, onnxBase64, profile });
  if (res.status >= 300) throw new Error(`register → ${res.status}: ${res.text}`);
  return { versionId: res.body.id, ref: `${manifest.name}@${res.body.version}`, assetId, dataEndMs: t0 + 3 * DAY_MS };
}

/** For a suite: the real api started and an evaluable model seeded before its tests, closed after. */
export function evaluableApi(): { readonly api: TestApi; readonly seed: EvaluableModel } {
  const suite = {} as { api: TestApi; seed: EvaluableModel };
  beforeAll(async () => {
    suite.api = await startApi();
    suite.seed = await seedEvaluable(suite.api.app, suite.api.url, suite.api.tokens.mle);
  }, 60_000);
  afterAll(async () => {
    await suite.api?.close();
  });
  return suite;
}
