import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { CsvImportService } from '@fleetgate/telemetry';
import { startApi, TestApi } from '../setup/harness';
import { ASSET, seedEvaluableFleet, TAGS, wideCsv } from './evaluable-fleet.fixture';
import { buildCorpus, csvMutations, describeCase, FuzzCase, isWrite, Json, OpenApiDoc, oversizedJson, routesOf, RouteSpec } from './corpus.util';

/*
 * Bad input, the whole way: a seeded corpus of malformed requests against every documented
 * route of the real api (PostgreSQL, Redis, guards, pipes, filter). No answer may be a 5xx;
 * every 400/422 names the field, parameter, line or byte at fault; every refused request
 * leaves every table's row count as it was. Replay a failure with FLEETGATE_FUZZ_SEED=<seed>.
 */

const ROOT = path.resolve(__dirname, '../..');
const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'openapi.json'), 'utf8')) as OpenApiDoc;
const SEED = Number(process.env.FLEETGATE_FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const TOKEN_ORDER = ['admin', 'mle', 'rel', 'pm'];

interface Answer {
  status: number;
  body: { message?: unknown; errors?: Array<Record<string, unknown>> } | undefined;
  text: string;
}

function fleetCsv(): string {
  return [
    'asset_id,site,line,machine_model,manufacturer,commissioned_at,criticality,raw_tags',
    `PLT1-P200-0101,PLT1,L1,P200,Aquaron,2020-03-01,high,${TAGS.join('|')}`,
    `PLT1-P200-0102,PLT1,L1,P200,Aquaron,2019-06-15,medium,${TAGS.join('|')}`,
    `PLT1-P200-0103,PLT1,,P200,Aquaron,2018-01-31,low,${TAGS.join('|')}`,
  ].join('\n');
}

async function send(url: string, c: Pick<FuzzCase, 'method' | 'url' | 'headers' | 'body'>): Promise<Answer> {
  const res = await fetch(`${url}${c.url}`, { method: c.method, headers: c.headers, body: c.body, redirect: 'manual' });
  const text = await res.text();
  let body: Answer['body'];
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

/** What is wrong with an answer to a malformed request, or null when it is a fair refusal (or a success). */
function judge(a: Answer): string | null {
  if (a.status >= 500) return `answered ${a.status}: ${a.text.slice(0, 300)}`;
  if (a.status === 400 || a.status === 422) {
    const errors = a.body?.errors;
    if (!Array.isArray(errors) || !errors.length) return `${a.status} without errors[]: ${a.text.slice(0, 300)}`;
    const unnamed = errors.find(
      (e) => !['field', 'line', 'row', 'byte'].some((k) => (typeof e[k] === 'string' ? (e[k] as string).length > 0 : typeof e[k] === 'number')),
    );
    if (unnamed) return `${a.status} with an error naming no field, parameter, line or byte: ${JSON.stringify(unnamed)}`;
  }
  if ([401, 413, 415].includes(a.status) && !(typeof a.body?.message === 'string' && a.body.message.length > 0))
    return `${a.status} without a message: ${a.text.slice(0, 300)}`;
  return null;
}

describe(`bad input across every documented route (seed ${SEED})`, () => {
  let api: TestApi;
  let counts: () => Promise<string>;
  const tokens = new Map<string, string>();
  const ctx = {
    seed: SEED,
    values: {} as Record<string, Json>,
    bodies: {} as Record<string, Json>,
    texts: { 'text/csv': wideCsv(), 'text/plain': wideCsv() } as Record<string, string>,
    csv: wideCsv(),
  };

  const call = (method: string, route: string, token: string, body?: unknown) =>
    send(api.url, {
      method,
      url: route,
      headers: { authorization: `Bearer ${api.tokens[token]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const ok = async (method: string, route: string, token: string, body?: unknown) => {
    const a = await call(method, route, token, body);
    if (a.status >= 400) throw new Error(`${method} ${route} → ${a.status}: ${a.text.slice(0, 500)}`);
    return a.body as Record<string, Json>;
  };

  beforeAll(async () => {
    api = await startApi();
    const ds = api.app.get(DataSource);
    const schema = api.env.DATABASE_SCHEMA!;
    const tables = (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`, [
      schema,
    ])) as Array<{
      table_name: string;
    }>;
    const sql = tables.map((t) => `SELECT '${t.table_name}' AS t, count(*)::text AS n FROM "${schema}"."${t.table_name}"`).join(' UNION ALL ');
    // One query for every table's row count: cheap enough to run after each request.
    counts = async () => ((await ds.query(sql)) as Array<{ t: string; n: string }>).map((r) => `${r.t}=${r.n}`).join(' ');

    // With a profile and telemetry, a valid evaluation request starts: the corpus reaches past the first refusal.
    const { manifest, onnxBase64, modelVersionId, model } = await seedEvaluableFleet(api);
    const rules = await ok('GET', '/api/mapping/rules', 'admin');
    Object.assign(ctx.values, {
      modelVersionId: modelVersionId,
      site: 'PLT1',
      line: 'L1',
      machine: ASSET,
      assetId: ASSET,
      manifest: manifest as unknown as Json,
      onnxBase64,
      '/api/sites/{name}/lines:name': 'PLT1',
      '/api/models/{name}:name': model,
      '/api/machines/{id}:id': ASSET,
    });
    Object.assign(ctx.bodies, {
      'POST /api/fleet/import': { format: 'csv', content: fleetCsv() },
      'PUT /api/mapping/rules': { rules: rules.rules, note: 'fuzz' },
      'POST /api/promotions': { modelVersionId: modelVersionId, targetStage: 'staging', scope: 'fleet', justification: 'fuzz' },
      'POST /api/signals': { name: 'oil_temp', unit: '°C', min: -40, max: 200 },
      'POST /api/evaluations': { modelVersionId: modelVersionId, lookback: '90d' },
    });

    // The right role for each route: the first token the guard lets through.
    for (const route of routesOf(doc)) {
      // The event stream never ends (and takes no parameters or body to fuzz): test/scoring covers its input.
      if (route.path === '/api/stream') continue;
      const filled = route.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const name of TOKEN_ORDER) {
        const a = await call(route.method, filled, name, isWrite(route) ? {} : undefined);
        if (a.status !== 401 && a.status !== 403) {
          tokens.set(`${route.method} ${route.path}`, api.tokens[name]);
          break;
        }
      }
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers every malformed request with a 4xx that names what is wrong, and writes nothing', async () => {
    const corpus = buildCorpus(doc, ctx, (r: RouteSpec) => tokens.get(`${r.method} ${r.path}`));
    // The fleet importer's CSV, through its JSON envelope.
    const rand = () => 0.5;
    for (const [what, content] of csvMutations(fleetCsv(), rand))
      if (typeof content === 'string')
        corpus.push({
          route: 'POST /api/fleet/import',
          method: 'POST',
          url: '/api/fleet/import',
          headers: { authorization: `Bearer ${api.tokens.admin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ format: 'csv', content }),
          note: `fleet CSV: ${what}`,
        });
    expect(corpus.length).toBeGreaterThanOrEqual(1000);

    // One example per kind of failure (route, status, code), with how many cases share it.
    const failures = new Map<string, { count: number; example: string }>();
    let before = await counts();
    for (const [i, c] of corpus.entries()) {
      const a = await send(api.url, c);
      const after = await counts();
      const wrong = judge(a) ?? (a.status >= 400 && after !== before ? `refused with ${a.status} but row counts changed:\n  ${before}\n  ${after}` : null);
      if (wrong) {
        const kind = `${c.route} → ${a.status} ${String((a.body as { code?: unknown } | undefined)?.code ?? '')}`;
        const seen = failures.get(kind) ?? { count: 0, example: `${describeCase(SEED, i, c)}\n  → ${wrong}` };
        failures.set(kind, { ...seen, count: seen.count + 1 });
      }
      before = after;
    }
    expect([...failures].map(([kind, f]) => `${kind} (${f.count} case(s)), e.g. ${f.example}`).join('\n\n')).toBe('');
  }, 120_000);

  it('answers 413 to a body over the size limit, with a message', async () => {
    const a = await send(api.url, {
      method: 'POST',
      url: '/api/sites',
      headers: { authorization: `Bearer ${api.tokens.admin}`, 'content-type': 'application/json' },
      body: oversizedJson(),
    });
    expect(a.status).toBe(413);
    expect(a.body?.message).toEqual(expect.stringMatching(/too large|limit/i));
  });

  it('the telemetry CSV importer lists or refuses every malformed file by line, never a 5xx-class crash', async () => {
    const importer = api.app.get(CsvImportService);
    const rand = () => 0.37;
    const failures: string[] = [];
    let before = await counts();
    for (const [what, content] of csvMutations(wideCsv(), rand)) {
      const text = typeof content === 'string' ? content : Buffer.from(content).toString('latin1');
      try {
        const s = await importer.importCsv({ text, name: 'fuzz.csv' }, { format: 'wide', machine: ASSET }, 'fuzz');
        if (s.rejections.some((r) => !(r.line > 0))) failures.push(`${what}: a rejection without a line`);
        if (s.rejected < s.rejections.length) failures.push(`${what}: ${s.rejections.length} listed but ${s.rejected} counted`);
      } catch (error) {
        const e = error as { kind?: string; details?: Array<Record<string, unknown>>; message: string };
        if (e.kind !== 'invalid' && e.kind !== 'unprocessable') failures.push(`${what}: threw ${e.message}`);
        const after = await counts();
        if (after !== before) failures.push(`${what}: refused but row counts changed`);
      }
      before = await counts();
    }
    expect(failures).toEqual([]);
  });
});
