import { Aggregation, AGGREGATIONS } from '@fleetgate/inference';
import { ManifestParseResult, ModelManifest, SUPPORTED_TASKS } from './manifest.types';
import { readNormalization } from './manifest-normalization.util';
import { describeValue, isPlainObject, ManifestReader } from './manifest-reader.util';

const TOP_LEVEL = ['name', 'description', 'task', 'horizon', 'signals', 'input', 'normalization', 'output', 'training'] as const;
const INPUT_FIELDS = ['kind', 'name', 'window', 'step', 'aggregations', 'minCoverage'] as const;
const OUTPUT_FIELDS = ['name', 'higherIsWorse', 'threshold'] as const;
const TRAINING_FIELDS = ['machineIds', 'from', 'to', 'framework', 'commit', 'metadata'] as const;
const DEFAULT_MIN_COVERAGE = 0.8;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** A date, or a date-time with an explicit zone: a manifest must not depend on the reader's clock. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

// Recognised but not built yet: refused with a message that says so, not as a typo.
const LATER_TASKS: Record<string, string> = { rul: 'remaining useful life' };
const LATER_INPUT_KINDS = ['sequence'];

/**
 * Validates a `fleetgate.model.json` document (already JSON-parsed, or its text) and
 * returns the manifest with defaults filled in, or every problem found, each naming its field.
 */
export function parseManifest(json: unknown): ManifestParseResult {
  const r = new ManifestReader();
  let doc = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (err) {
      return { ok: false, errors: [{ field: '', message: `the manifest is not valid JSON: ${(err as Error).message}` }] };
    }
  }
  if (!isPlainObject(doc)) return { ok: false, errors: [{ field: '', message: `the manifest must be a JSON object, got ${describeValue(doc)}` }] };
  r.unknownKeys(doc, '', TOP_LEVEL);

  const name = r.string(doc, 'name', 'name');
  if (name !== undefined && !NAME_PATTERN.test(name)) {
    r.fail('name', `name "${name}" must be 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  const description = r.string(doc, 'description', 'description', true);
  const task = readTask(r, doc.task);
  const horizon = readHorizon(r, doc, task);
  const signals = r.uniqueStrings(doc, 'signals', 'signals');
  const input = readInput(r, doc);
  const normalization = readNormalization(r, doc.normalization, signals);
  const output = readOutput(r, doc, task);
  const training = readTraining(r, doc);

  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  const manifest: ModelManifest = {
    name: name!,
    ...(description !== undefined ? { description } : {}),
    task: task!,
    ...(horizon !== undefined ? { horizon } : {}),
    signals: [...signals!],
    input: input!,
    normalization: normalization!,
    output: output!,
    training: training!,
  };
  return { ok: true, manifest };
}

function readTask(r: ManifestReader, value: unknown): ModelManifest['task'] | undefined {
  if (value === undefined) return r.fail('task', `task is required (one of ${SUPPORTED_TASKS.join(', ')})`);
  if (typeof value === 'string' && value in LATER_TASKS) {
    return r.fail('task', `task "${value}" (${LATER_TASKS[value]}) is not supported yet; use ${SUPPORTED_TASKS.join(' or ')}`);
  }
  if (!SUPPORTED_TASKS.includes(value as ModelManifest['task'])) {
    return r.fail('task', `task must be one of ${SUPPORTED_TASKS.join(', ')}, got ${describeValue(value)}`);
  }
  return value as ModelManifest['task'];
}

function readHorizon(r: ManifestReader, doc: Record<string, unknown>, task: ModelManifest['task'] | undefined): string | undefined {
  if (task === 'failure-probability') {
    if (doc.horizon === undefined) return r.fail('horizon', 'horizon is required for a failure-probability model (e.g. "7d": failure within 7 days)');
    return r.duration(doc, 'horizon', 'horizon');
  }
  if (doc.horizon !== undefined && task !== undefined) {
    return r.fail('horizon', `horizon only applies to failure-probability models, not to ${task}`);
  }
  return undefined;
}

function readInput(r: ManifestReader, doc: Record<string, unknown>): ModelManifest['input'] | undefined {
  const input = r.object(doc, 'input', 'input', INPUT_FIELDS);
  if (!input) return undefined;
  const before = r.errors.length;
  if (input.kind === undefined) r.fail('input.kind', 'input.kind is required ("features")');
  else if (LATER_INPUT_KINDS.includes(input.kind as string)) r.fail('input.kind', `input.kind "${input.kind}" is not supported yet; use "features"`);
  else if (input.kind !== 'features') r.fail('input.kind', `input.kind must be "features", got ${describeValue(input.kind)}`);
  const name = r.string(input, 'name', 'input.name', true);
  const window = r.duration(input, 'window', 'input.window');
  const step = r.duration(input, 'step', 'input.step');
  const aggregations = readAggregations(r, input);
  let minCoverage = DEFAULT_MIN_COVERAGE;
  if (input.minCoverage !== undefined) {
    const v = input.minCoverage;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) r.fail('input.minCoverage', `input.minCoverage must be a number from 0 to 1, got ${describeValue(v)}`);
    else minCoverage = v;
  }
  if (r.errors.length > before) return undefined;
  return { kind: 'features', ...(name !== undefined ? { name } : {}), window: window!, step: step!, aggregations: aggregations!, minCoverage };
}

function readAggregations(r: ManifestReader, input: Record<string, unknown>): Aggregation[] | undefined {
  const list = r.uniqueStrings(input, 'aggregations', 'input.aggregations');
  if (!list) return undefined;
  let ok = true;
  list.forEach((agg, i) => {
    if (!AGGREGATIONS.includes(agg as Aggregation)) {
      ok = false;
      r.fail(`input.aggregations[${i}]`, `unknown aggregation "${agg}" (supported: ${AGGREGATIONS.join(', ')})`);
    }
  });
  return ok ? (list as Aggregation[]) : undefined;
}

function readOutput(r: ManifestReader, doc: Record<string, unknown>, task: ModelManifest['task'] | undefined): ModelManifest['output'] | undefined {
  const output = r.object(doc, 'output', 'output', OUTPUT_FIELDS);
  if (!output) return undefined;
  const name = r.string(output, 'name', 'output.name');
  const higherIsWorse = r.boolean(output, 'higherIsWorse', 'output.higherIsWorse', true);
  const threshold = r.finiteNumber(output, 'threshold', 'output.threshold');
  if (threshold !== undefined && task === 'failure-probability' && !(threshold >= 0 && threshold <= 1)) {
    return r.fail('output.threshold', `output.threshold of a failure probability must be from 0 to 1, got ${threshold}`);
  }
  if (name === undefined || higherIsWorse === undefined || threshold === undefined) return undefined;
  return { name, higherIsWorse, threshold };
}

function readTraining(r: ManifestReader, doc: Record<string, unknown>): ModelManifest['training'] | undefined {
  const training = r.object(doc, 'training', 'training', TRAINING_FIELDS);
  if (!training) return undefined;
  const before = r.errors.length;
  const machineIds = r.uniqueStrings(training, 'machineIds', 'training.machineIds');
  const from = readInstant(r, training, 'from');
  const to = readInstant(r, training, 'to');
  if (from !== undefined && to !== undefined && !(Date.parse(from) < Date.parse(to))) {
    r.fail('training.to', `training.to (${to}) must be after training.from (${from})`);
  }
  const framework = r.string(training, 'framework', 'training.framework', true);
  const commit = r.string(training, 'commit', 'training.commit', true);
  const metadata = training.metadata;
  if (metadata !== undefined && !isPlainObject(metadata)) r.fail('training.metadata', `training.metadata must be an object, got ${describeValue(metadata)}`);
  if (r.errors.length > before) return undefined;
  return {
    machineIds: [...machineIds!],
    from: from!,
    to: to!,
    ...(framework !== undefined ? { framework } : {}),
    ...(commit !== undefined ? { commit } : {}),
    ...(metadata !== undefined ? { metadata: structuredClone(metadata as Record<string, unknown>) } : {}),
  };
}

function readInstant(r: ManifestReader, training: Record<string, unknown>, key: 'from' | 'to'): string | undefined {
  const path = `training.${key}`;
  const text = r.string(training, key, path);
  if (text === undefined) return undefined;
  if (!ISO_INSTANT.test(text) || Number.isNaN(Date.parse(text))) {
    return r.fail(path, `${path} must be an ISO 8601 date or date-time with a zone (e.g. 2024-01-01T00:00:00Z), got "${text}"`);
  }
  return text;
}
