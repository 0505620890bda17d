import * as fs from 'node:fs';
import * as path from 'node:path';
import { featureNames } from '@fleetgate/inference';
import { CsvImportService } from '@fleetgate/telemetry';
import { TestApi } from '../setup/harness';

/** One site, line and machine with 20 minutes of telemetry, and the gemm-sigmoid model registered with a profile. */
export const ASSET = 'PLT1-P200-0001';
export const TAGS = ['P200_VIB_01', 'P200_BRG_TEMP_F', 'P200_CUR_A', 'P200_PRES_PSI'];
const FIXTURE = path.resolve(__dirname, '../fixtures/models/gemm-sigmoid');

/** A valid wide telemetry CSV of the machine: 20 one-minute rows. */
export function wideCsv(): string {
  const lines = [`timestamp,${TAGS.join(',')}`];
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < 20; i++) lines.push(`${new Date(t0 + i * 60_000).toISOString()},${TAGS.map((_, j) => (2 + j + i / 10).toFixed(2)).join(',')}`);
  return `${lines.join('\n')}\n`;
}

export interface EvaluableFleet {
  manifest: { name: string; signals: string[]; input: { aggregations: string[] } };
  onnxBase64: string;
  modelVersionId: string;
  model: string;
}

async function post(api: TestApi, token: string, route: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${api.url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.tokens[token]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`POST ${route} → ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Seeds what a valid evaluation request needs, through the api (and the CSV importer for telemetry). */
export async function seedEvaluableFleet(api: TestApi): Promise<EvaluableFleet> {
  await post(api, 'admin', '/api/sites', { name: 'PLT1' });
  await post(api, 'admin', '/api/sites/PLT1/lines', { name: 'L1' });
  await post(api, 'admin', '/api/machines', {
    assetId: ASSET,
    site: 'PLT1',
    line: 'L1',
    machineModel: 'P200',
    manufacturer: 'Aquaron',
    commissionedAt: '2020-01-01',
    criticality: 'high',
    rawTags: TAGS,
  });
  const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'fleetgate.model.json'), 'utf8')) as EvaluableFleet['manifest'];
  const onnxBase64 = fs.readFileSync(path.join(FIXTURE, 'model.onnx')).toString('base64');
  const names = featureNames({ signals: manifest.signals, aggregations: manifest.input.aggregations as never });
  const profile = { features: names.map((name, i) => ({ name, sample: Array.from({ length: 50 }, (_, j) => i + j / 50) })) };
  const version = await post(api, 'mle', '/api/models/register', { manifest, onnxBase64, profile });
  await api.app.get(CsvImportService).importCsv({ text: wideCsv(), name: 'seed.csv' }, { format: 'wide', machine: ASSET }, 'test');
  return { manifest, onnxBase64, modelVersionId: String(version.id), model: String(version.model) };
}
