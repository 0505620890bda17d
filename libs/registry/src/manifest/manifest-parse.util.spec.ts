import { featureCount, manifestFeatureNames } from './manifest-features.util';
import { parseManifest } from './manifest-parse.util';
import { ManifestError, ModelManifest } from './manifest.types';

/** The DESIGN.md sketch, completed. */
const valid = () => ({
  name: 'pump-bearing-failure',
  task: 'failure-probability',
  horizon: '7d',
  signals: ['vibration_rms', 'bearing_temp', 'motor_current', 'pressure'],
  input: { kind: 'features', window: '6h', step: '1h', aggregations: ['mean', 'std', 'min', 'max', 'slope'] },
  normalization: 'none',
  output: { name: 'prob', higherIsWorse: true, threshold: 0.5 },
  training: { machineIds: ['PLT1-P200-0007'], from: '2024-01-01T00:00:00Z', to: '2024-04-01T00:00:00Z' },
});

function errorsOf(doc: unknown): ManifestError[] {
  const result = parseManifest(doc);
  if (result.ok) throw new Error('expected the manifest to be refused');
  return result.errors;
}

function manifestOf(doc: unknown): ModelManifest {
  const result = parseManifest(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.manifest;
}

describe('parseManifest', () => {
  it('keeps an optional input.name and refuses one that is not a non-empty string', () => {
    expect(manifestOf({ ...valid(), input: { ...valid().input, name: 'float_input' } }).input.name).toBe('float_input');
    expect(manifestOf(valid()).input).not.toHaveProperty('name');
    expect(errorsOf({ ...valid(), input: { ...valid().input, name: 7 } })).toEqual([
      { field: 'input.name', message: 'input.name must be a non-empty string, got number 7' },
    ]);
  });

  it('accepts the design sketch and fills in the defaults', () => {
    const m = manifestOf(valid());
    expect(m.input.minCoverage).toBe(0.8);
    expect(m.horizon).toBe('7d');
    expect(m.output).toEqual({ name: 'prob', higherIsWorse: true, threshold: 0.5 });
  });

  it('reads the manifest from its JSON text too', () => {
    expect(manifestOf(JSON.stringify(valid())).name).toBe('pump-bearing-failure');
    expect(errorsOf('{"name": ')[0].message).toMatch(/not valid JSON/);
  });

  it('accepts an anomaly-score model without horizon, with optional provenance', () => {
    const doc = { ...valid(), task: 'anomaly-score', output: { name: 'score', higherIsWorse: true, threshold: 0.37 } } as Record<string, unknown>;
    delete doc.horizon;
    doc.training = { ...valid().training, framework: 'tfjs 4.22', commit: 'abc123', metadata: { epochs: 30 } };
    const m = manifestOf(doc);
    expect(m.task).toBe('anomaly-score');
    expect(m.training.metadata).toEqual({ epochs: 30 });
  });

  it('names an unknown aggregation by its index', () => {
    const doc = valid();
    doc.input.aggregations = ['mean', 'std', 'median'];
    expect(errorsOf(doc)).toEqual([
      { field: 'input.aggregations[2]', message: expect.stringMatching(/unknown aggregation "median" \(supported: mean, std, min, max, slope, last\)/) },
    ]);
  });

  it('refuses rul and sequence inputs as not supported yet', () => {
    expect(errorsOf({ ...valid(), task: 'rul' })).toEqual([
      { field: 'task', message: expect.stringMatching(/task "rul" \(remaining useful life\) is not supported yet/) },
    ]);
    expect(errorsOf({ ...valid(), input: { ...valid().input, kind: 'sequence' } })[0]).toEqual({
      field: 'input.kind',
      message: expect.stringMatching(/"sequence" is not supported yet/),
    });
  });

  it('requires a horizon for failure-probability and refuses one elsewhere', () => {
    const noHorizon = valid() as Record<string, unknown>;
    delete noHorizon.horizon;
    expect(errorsOf(noHorizon)).toEqual([{ field: 'horizon', message: expect.stringMatching(/required for a failure-probability/) }]);
    expect(errorsOf({ ...valid(), task: 'anomaly-score' })[0].field).toBe('horizon');
  });

  it('refuses unknown top-level and nested fields, naming them', () => {
    const errors = errorsOf({ ...valid(), lable: 'x', input: { ...valid().input, windw: '6h' } });
    expect(errors.map((e) => e.field)).toEqual(['lable', 'input.windw']);
    expect(errors[0].message).toMatch(/unknown field "lable"/);
  });

  it('refuses empty, repeated or non-string signals', () => {
    expect(errorsOf({ ...valid(), signals: [] })).toEqual([{ field: 'signals', message: 'signals must not be empty' }]);
    expect(errorsOf({ ...valid(), signals: ['vibration_rms', 'speed', 'vibration_rms', 3] }).map((e) => e.field)).toEqual(['signals[2]', 'signals[3]']);
  });

  it('refuses bad durations, coverage and thresholds', () => {
    const fields = errorsOf({
      ...valid(),
      horizon: 'a week',
      input: { ...valid().input, window: '6 hours', step: '-1h', minCoverage: 1.2 },
      output: { name: 'prob', higherIsWorse: 'yes', threshold: Number.NaN },
    }).map((e) => e.field);
    expect(fields).toEqual(['horizon', 'input.window', 'input.step', 'input.minCoverage', 'output.higherIsWorse', 'output.threshold']);
    expect(errorsOf({ ...valid(), output: { name: 'prob', higherIsWorse: true, threshold: 3 } })[0].message).toMatch(/failure probability must be from 0 to 1/);
  });

  it('refuses a training period without a zone or running backwards', () => {
    const errors = errorsOf({ ...valid(), training: { machineIds: ['a'], from: '2024-03-01T00:00:00', to: '2024-01-01' } });
    expect(errors.map((e) => e.field)).toEqual(['training.from']);
    expect(errorsOf({ ...valid(), training: { machineIds: ['a'], from: '2024-03-01', to: '2024-01-01T00:00:00+02:00' } })).toEqual([
      { field: 'training.to', message: expect.stringMatching(/must be after training.from/) },
    ]);
    expect(errorsOf({ ...valid(), training: { machineIds: [], from: '2024-01-01', to: '2024-02-01' } })[0].field).toBe('training.machineIds');
  });

  it('lists every missing required field at once', () => {
    expect(errorsOf({}).map((e) => e.field)).toEqual(['name', 'task', 'signals', 'input', 'output', 'training']);
    expect(errorsOf([1, 2])).toEqual([{ field: '', message: 'the manifest must be a JSON object, got an array' }]);
  });
});

describe('featureCount / manifestFeatureNames', () => {
  it('lays the columns out signal-major', () => {
    const m = manifestOf({ ...valid(), signals: ['vibration_rms', 'bearing_temp'], input: { ...valid().input, aggregations: ['mean', 'max', 'slope'] } });
    expect(featureCount(m)).toBe(6);
    expect(manifestFeatureNames(m)).toEqual([
      'vibration_rms.mean',
      'vibration_rms.max',
      'vibration_rms.slope',
      'bearing_temp.mean',
      'bearing_temp.max',
      'bearing_temp.slope',
    ]);
    expect(featureCount(manifestOf(valid()))).toBe(20);
  });
});
