/*
 * A seeded corpus of malformed requests, derived from the committed openapi.json so a new
 * route is fuzzed the day it is documented. Each case is plain data (method, url, headers,
 * body text or bytes) plus a note saying what was broken, so a failure prints as a request
 * anyone can replay with the same seed.
 */

import { seededRandom } from '@fleetgate/training';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface RouteSpec {
  method: string;
  /** OpenAPI template, e.g. /api/sites/{name}/lines */
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  /** Content type → schema of the documented body (first one is the main one). */
  bodies: Array<{ contentType: string; schema: Schema }>;
}

export interface FuzzCase {
  route: string;
  method: string;
  /** Path and query, already percent-encoded where a real client would. */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
  /** What was broken, for the failure message. */
  note: string;
}

/** Values a valid request needs that no schema can invent (existing site, registered version…). */
export interface CorpusContext {
  seed: number;
  /** Field or parameter name → a value that passes validation and exists. */
  values: Record<string, Json>;
  /** `METHOD /path` → a complete valid body, where the schema alone does not give one. */
  bodies: Record<string, Json>;
  /** Content type → a valid body text (e.g. text/csv), for routes documented with it. */
  texts: Record<string, string>;
  /** A valid wide telemetry CSV, mutated into the importer's corpus. */
  csv: string;
}

const WRITE = new Set(['post', 'put', 'patch', 'delete']);

/** Every documented operation (write routes with bodies, read routes for their parameters). */
export function routesOf(doc: OpenApiDoc): RouteSpec[] {
  const out: RouteSpec[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        bodies: Object.entries(op.requestBody?.content ?? {}).map(([contentType, c]) => ({ contentType, schema: c.schema ?? {} })),
      });
    }
  }
  return out;
}

export const isWrite = (r: RouteSpec): boolean => WRITE.has(r.method.toLowerCase());

function resolve(doc: OpenApiDoc, s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let i = 0; i < 20; i++) {
    if (cur.$ref) cur = doc.components?.schemas?.[cur.$ref.replace('#/components/schemas/', '')] ?? {};
    else if (cur.allOf?.length === 1) cur = cur.allOf[0];
    else break;
  }
  return cur;
}

/** A value the schema accepts: context first, then example, enum, default, a typed placeholder. */
export function exampleOf(doc: OpenApiDoc, schema: Schema | undefined, name: string, ctx: CorpusContext, depth = 0): Json {
  if (name in ctx.values) return ctx.values[name];
  const s = resolve(doc, schema);
  if (s.example !== undefined) return s.example as Json;
  if (s.enum?.length) return s.enum[0] as Json;
  if (s.default !== undefined) return s.default as Json;
  if (s.oneOf?.length) return exampleOf(doc, s.oneOf[0], name, ctx, depth);
  switch (s.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 ? [] : [exampleOf(doc, s.items, '', ctx, depth + 1)];
    case 'string':
      return s.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'fuzz_a';
  }
  const out: Record<string, Json> = {};
  if (depth > 4) return out;
  for (const key of s.required ?? []) out[key] = exampleOf(doc, s.properties?.[key], key, ctx, depth + 1);
  return out;
}

/** Paths to every leaf and container of a value, plus the optional properties the schema documents. */
function fieldPaths(doc: OpenApiDoc, schema: Schema, value: Json, prefix: Array<string | number> = [], depth = 0): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  if (depth > 3) return out;
  const s = resolve(doc, schema);
  if (Array.isArray(value)) {
    if (value.length) {
      out.push([...prefix, 0]);
      out.push(...fieldPaths(doc, s.items ?? {}, value[0], [...prefix, 0], depth + 1));
    }
    return out;
  }
  if (value && typeof value === 'object') {
    const keys = new Set([...Object.keys(value), ...Object.keys(s.properties ?? {})]);
    for (const key of keys) {
      out.push([...prefix, key]);
      if (key in value) out.push(...fieldPaths(doc, s.properties?.[key] ?? {}, value[key], [...prefix, key], depth + 1));
    }
  }
  return out;
}

function withValue(base: Json, path: Array<string | number>, value: Json | undefined): Json {
  const copy = structuredClone(base) as Json;
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string | number, Json>;
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const showPath = (path: Array<string | number>): string => path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');

/** Raw JSON number texts that JSON.stringify cannot write (they overflow on parse). */
const RAW = '\u00a7raw\u00a7';
const raw = (text: string): string => `${RAW}${text}`;
function toJsonText(value: Json): string {
  return JSON.stringify(value).replace(new RegExp(`"${RAW}([^"]*)"`, 'g'), '$1');
}

function deep(levels: number, open: string, close: string, inner = '1'): string {
  return open.repeat(levels) + inner + close.repeat(levels);
}

/** Bad values for one field: wrong types, NUL bytes, numbers past every column, huge and odd text. */
function badValues(rand: () => number): Array<[string, Json | undefined]> {
  const junk = Array.from({ length: 12 }, () => String.fromCharCode(1 + Math.floor(rand() * 0xd7fe))).join('');
  return [
    ['missing', undefined],
    ['null', null],
    ['a number', 12345],
    ['a string', 'abc'],
    ['a boolean', false],
    ['an array', ['x']],
    ['an object', { $gt: '' }],
    ['empty string', ''],
    ['a NUL byte', 'fuzz\u0000a'],
    ['only a NUL byte', '\u0000'],
    ['2^31', 2147483648],
    ['-2^31-1', -2147483649],
    ['2^53+1', raw('9007199254740993')],
    ['1e20', 1e20],
    ['1e999 (Infinity on parse)', raw('1e999')],
    ['-1', -1],
    ['1.5', 1.5],
    ['"NaN"', 'NaN'],
    ['"-1"', '-1'],
    ['"99999999999999999999d"', '99999999999999999999d'],
    ['a 100k-character string', 'x'.repeat(100_000)],
    ['seeded unicode junk', junk],
    ['a lone surrogate', '\ud800'],
    ['nested 200 deep', JSON.parse(deep(200, '[', ']')) as Json],
  ];
}

const PARAM_VALUES: Array<[string, string]> = [
  ['not a uuid', 'not-a-uuid'],
  ['a NUL byte', 'a%00b'],
  ['only a NUL byte', '%00'],
  ['2^31', '2147483648'],
  ['99999999999', '99999999999'],
  ['1e20', '1e20'],
  ['-1', '-1'],
  ['1.5', '1.5'],
  ['NaN', 'NaN'],
  ['a 3000-character value', 'x'.repeat(3000)],
  ['an undecodable escape', '%E0%A4%A'],
  ['a bad UTF-8 byte', '%FF'],
  ['dots', '..%2F..'],
];

const QUERY_VALUES: Array<[string, string]> = [
  ...PARAM_VALUES.filter(([n]) => n !== 'dots'),
  ['99999999999999999999d', '99999999999999999999d'],
  ['empty', ''],
];

function fillPath(route: RouteSpec, ctx: CorpusContext, override?: { name: string; text: string }): string {
  return route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (override?.name === name) return override.text;
    const known = ctx.values[`${route.path}:${name}`] ?? ctx.values[name];
    return encodeURIComponent(String(known ?? (name === 'version' ? 1 : name === 'id' ? '00000000-0000-4000-8000-000000000000' : 'fuzz_a')));
  });
}

function baseQuery(route: RouteSpec, doc: OpenApiDoc, ctx: CorpusContext): Record<string, string> {
  const q: Record<string, string> = {};
  for (const p of route.query) if (p.required) q[p.name] = String(exampleOf(doc, p.schema, p.name, ctx));
  return q;
}

const qs = (q: Record<string, string>, rawPairs: string[] = []): string => {
  const parts = [...Object.entries(q).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`), ...rawPairs];
  return parts.length ? `?${parts.join('&')}` : '';
};

/** The valid body of a route: the context's, or one built from its schema. */
export function baseBody(route: RouteSpec, doc: OpenApiDoc, ctx: CorpusContext): Json {
  const key = `${route.method} ${route.path}`;
  if (key in ctx.bodies) return ctx.bodies[key];
  return exampleOf(doc, route.bodies[0]?.schema, '', ctx);
}

/** CSV mutations: truncated and extra cells, decimal commas, bad timestamps, binary junk. */
export function csvMutations(csv: string, rand: () => number): Array<[string, string | Uint8Array]> {
  const lines = csv.trimEnd().split('\n');
  const header = lines[0];
  const row = lines[1] ?? '';
  const pick = () => 1 + Math.floor(rand() * Math.max(1, lines.length - 1));
  const replaceLine = (i: number, text: string) => lines.map((l, j) => (j === i ? text : l)).join('\n') + '\n';
  const bytes = new Uint8Array(256);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
  return [
    ['empty', ''],
    ['header only', `${header}\n`],
    ['no header', `${lines.slice(1).join('\n')}\n`],
    ['a truncated row', replaceLine(pick(), row.split(',').slice(0, 2).join(','))],
    ['an extra cell', replaceLine(pick(), `${row},42`)],
    ['a decimal comma', replaceLine(pick(), row.replace(/(\d)\.(\d)/, '$1,$2'))],
    ['a quoted decimal comma', replaceLine(pick(), row.replace(/,(\d+)\.(\d+)/, ',"$1,$2"'))],
    ['a bad timestamp', replaceLine(pick(), row.replace(/^[^,]*/, '2024-13-45T99:00:00Z'))],
    ['a timestamp in words', replaceLine(pick(), row.replace(/^[^,]*/, 'yesterday'))],
    ['a timestamp of 1e20', replaceLine(pick(), row.replace(/^[^,]*/, '100000000000000000000'))],
    ['a NaN and an Infinity value', replaceLine(pick(), row.replace(/,[^,]*,[^,]*/, ',NaN,Infinity'))],
    ['a value of 1e999', replaceLine(pick(), row.replace(/,[^,]*/, ',1e999'))],
    ['a NUL byte in a cell', replaceLine(pick(), row.replace(/,[^,]*/, ',1\u00002'))],
    ['a NUL byte in the header', csv.replace(',', ',\u0000')],
    ['an unterminated quote', replaceLine(pick(), `"${row}`)],
    ['CRLF and a BOM', `\ufeff${csv.replace(/\n/g, '\r\n')}`],
    ['a duplicated header cell', csv.replace(/^([^,]*),([^,\n]*)/, '$1,$2,$2')],
    ['a 100k-character cell', replaceLine(pick(), row.replace(/,[^,]*/, `,${'9'.repeat(100_000)}`))],
    ['cut mid-row', csv.slice(0, Math.floor(csv.length * (0.3 + rand() * 0.6)))],
    ['binary junk', bytes],
    ['binary junk after the header', Buffer.concat([Buffer.from(`${header}\n`), bytes])],
    ['semicolon separated', csv.replace(/,/g, ';')],
  ];
}

/** ONNX and manifest mutations for the model upload. */
export function onnxMutations(onnx: Uint8Array, rand: () => number): Array<[string, Uint8Array]> {
  const junk = new Uint8Array(512);
  for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(rand() * 256);
  const flipped = Uint8Array.from(onnx);
  for (let i = 0; i < 16; i++) flipped[Math.floor(rand() * flipped.length)] ^= 0xff;
  return [
    ['empty ONNX', new Uint8Array(0)],
    ['ONNX cut in half', onnx.slice(0, Math.floor(onnx.length / 2))],
    ['ONNX cut after 10 bytes', onnx.slice(0, 10)],
    ['ONNX with flipped bytes', flipped],
    ['random bytes as ONNX', junk],
    ['a text file as ONNX', new TextEncoder().encode('not a model\n')],
  ];
}

/** Every malformed case for every route; the same seed gives the same list. */
export function buildCorpus(doc: OpenApiDoc, ctx: CorpusContext, tokenFor: (route: RouteSpec) => string | undefined): FuzzCase[] {
  const rand = seededRandom(ctx.seed);
  const cases: FuzzCase[] = [];
  for (const route of routesOf(doc)) {
    const token = tokenFor(route);
    if (!token) continue;
    const auth = { authorization: `Bearer ${token}` };
    const id = `${route.method} ${route.path}`;
    const url = (path: string, q = baseQuery(route, doc, ctx), rawPairs: string[] = []) => `${path}${qs(q, rawPairs)}`;
    const main = route.bodies[0];
    const jsonBody = main?.contentType === 'application/json';
    const base = main ? baseBody(route, doc, ctx) : undefined;
    const baseText = jsonBody ? toJsonText(base as Json) : main ? (ctx.texts[main.contentType] ?? '') : undefined;
    const withBody = (headers: Record<string, string> = {}) => (main ? { 'content-type': main.contentType, ...headers } : headers);
    const add = (c: Omit<FuzzCase, 'route' | 'method'>) => cases.push({ route: id, method: route.method, ...c });

    for (const p of route.pathParams)
      for (const [what, text] of PARAM_VALUES)
        add({
          url: url(fillPath(route, ctx, { name: p.name, text })),
          headers: { ...auth, ...withBody() },
          body: baseText,
          note: `path parameter ${p.name}: ${what}`,
        });

    for (const p of route.query) {
      for (const [what, text] of QUERY_VALUES)
        add({
          url: url(fillPath(route, ctx), { ...baseQuery(route, doc, ctx), [p.name]: text }),
          headers: { ...auth, ...withBody() },
          body: baseText,
          note: `query ${p.name}: ${what}`,
        });
      add({ url: url(fillPath(route, ctx), baseQuery(route, doc, ctx), [`${p.name}=1`, `${p.name}=2`]), headers: auth, note: `query ${p.name} given twice` });
      add({ url: url(fillPath(route, ctx), baseQuery(route, doc, ctx), [`${p.name}[a]=1`]), headers: auth, note: `query ${p.name} as an object` });
    }
    if (!isWrite(route) || !main) continue;
    const path = fillPath(route, ctx);

    if (jsonBody) {
      for (const field of fieldPaths(doc, main.schema, base as Json))
        for (const [what, value] of badValues(rand))
          add({
            url: url(path),
            headers: { ...auth, ...withBody() },
            body: toJsonText(withValue(base as Json, field, value)),
            note: `${showPath(field)}: ${what}`,
          });
      const wholes: Array<[string, string, Record<string, string>?]> = [
        ['an empty body', ''],
        ['null', 'null'],
        ['an array', '[]'],
        ['a string', '"text"'],
        ['a number', '42'],
        ['an empty object', '{}'],
        ['an unknown field', toJsonText({ ...(base as Record<string, Json>), ['fuzz' + Math.floor(rand() * 1e6)]: 1 })],
        ['a __proto__ field', `{"__proto__":{"role":"admin"},${baseText!.slice(1)}`],
        ['a duplicated key', baseText!.replace(/^\{/, '{"x":1,"x":2,')],
        ['truncated JSON', baseText!.slice(0, Math.max(1, Math.floor(baseText!.length * rand())))],
        ['trailing garbage', `${baseText}}}`],
        ['single quotes', baseText!.replace(/"/g, "'")],
        ['an array nested 5000 deep', deep(5000, '[', ']')],
        ['an object nested 3000 deep', deep(3000, '{"a":', '}')],
        ['a field nested 2000 deep', baseText!.replace(/^\{/, `{"x":${deep(2000, '[', ']')},`)],
        ['a byte-order mark', `\ufeff${baseText}`],
        ['a NUL byte outside a string', `${baseText}\u0000`],
        ['charset latin1', baseText!, { 'content-type': 'application/json; charset=latin1' }],
        ['charset utf-16', baseText!, { 'content-type': 'application/json; charset=utf-16' }],
        ['text/plain', baseText!, { 'content-type': 'text/plain' }],
        ['text/csv', 'a,b\n1,2\n', { 'content-type': 'text/csv' }],
        ['application/xml', '<a/>', { 'content-type': 'application/xml' }],
        ['form-urlencoded', 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }],
        ['octet-stream', baseText!, { 'content-type': 'application/octet-stream' }],
        ['multipart without a boundary', baseText!, { 'content-type': 'multipart/form-data' }],
        ['a made-up content type', baseText!, { 'content-type': 'application/x-fuzz' }],
        ['gzip content-encoding that is not gzip', baseText!, { 'content-encoding': 'gzip' }],
        ['an unknown content-encoding', baseText!, { 'content-encoding': 'br-fuzz' }],
      ];
      for (const [what, body, headers] of wholes) add({ url: url(path), headers: { ...auth, ...withBody(headers) }, body, note: `body: ${what}` });
    } else if (main.contentType.startsWith('text/')) {
      for (const [what, body] of csvMutations(baseText ?? ctx.csv, rand))
        add({ url: url(path), headers: { ...auth, ...withBody() }, body, note: `${main.contentType}: ${what}` });
      add({
        url: url(path),
        headers: { ...auth, ...withBody({ 'content-type': `${main.contentType}; charset=latin1` }) },
        body: baseText,
        note: 'charset latin1',
      });
      add({ url: url(path), headers: { ...auth, 'content-type': 'application/json' }, body: '{"a":1}', note: 'JSON instead of text' });
    } else if (main.contentType === 'multipart/form-data') {
      const form = resolve(doc, main.schema);
      const files = Object.entries(form.properties ?? {}).filter(([, s]) => resolve(doc, s).format === 'binary');
      const onnx = ctx.values.onnxBase64 ? Buffer.from(String(ctx.values.onnxBase64), 'base64') : new Uint8Array(0);
      const fields = (replace: Record<string, Blob | string | undefined>) => {
        const fd = new FormData();
        for (const [name, s] of Object.entries(form.properties ?? {})) {
          const v =
            name in replace
              ? replace[name]
              : resolve(doc, s).format === 'binary'
                ? new Blob([name.includes('manifest') ? JSON.stringify(ctx.values.manifest) : onnx])
                : undefined;
          if (v !== undefined) fd.append(name, v, ...(v instanceof Blob ? [`${name}.bin`] : []));
          else if (!(name in replace) && !resolve(doc, s).format) {
            const ex = exampleOf(doc, s, name, ctx);
            if (ex !== null && typeof ex !== 'object') fd.append(name, String(ex));
          }
        }
        return fd;
      };
      for (const [name] of files) {
        for (const [what, bytes] of onnxMutations(onnx, rand))
          add({ url: url(path), headers: auth, body: fields({ [name]: new Blob([bytes]) }), note: `${name}: ${what}` });
        add({ url: url(path), headers: auth, body: fields({ [name]: undefined }), note: `${name}: missing` });
        add({ url: url(path), headers: auth, body: fields({ [name]: new Blob(['{"name": "x",']) }), note: `${name}: truncated JSON` });
        add({ url: url(path), headers: auth, body: fields({ [name]: new Blob(['{"name":"a\\u0000b"}']) }), note: `${name}: a NUL byte in JSON` });
      }
      add({
        url: url(path),
        headers: { ...auth, 'content-type': 'multipart/form-data; boundary=x' },
        body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1',
        note: 'multipart cut before its end',
      });
      add({ url: url(path), headers: { ...auth, 'content-type': 'application/json' }, body: '{}', note: 'JSON instead of multipart' });
    }
    add({ url: url(path), headers: { ...withBody() }, body: baseText, note: 'no token' });
    add({ url: url(path), headers: { authorization: 'Bearer fg_\u00e9x', ...withBody() }, body: baseText, note: 'a token with a NUL byte' });
  }
  return cases;
}

/** A body over the api's JSON limit (50 MB), built once. */
export function oversizedJson(): string {
  return `{"content":"${'x'.repeat(51 * 1024 * 1024)}"}`;
}

/** Human-readable case for a failure message. */
export function describeCase(seed: number, index: number, c: FuzzCase): string {
  const body = c.body === undefined ? '' : typeof c.body === 'string' ? c.body : c.body instanceof FormData ? '<multipart>' : `<${c.body.length} bytes>`;
  return `seed ${seed} case #${index}: ${c.method} ${c.url.slice(0, 300)} — ${c.note}\n  headers ${JSON.stringify(c.headers)}\n  body ${body.slice(0, 300)}`;
}
