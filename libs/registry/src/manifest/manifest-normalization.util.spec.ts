import { fitRegimes } from '@fleetgate/inference';
import { parseManifest } from './manifest-parse.util';
import { manifestNormalization, normalizationOf } from './manifest-normalization.util';
import { ManifestError, ModelManifest } from './manifest.types';

const base = () => ({
  name: 'press-anomaly',
  task: 'anomaly-score',
  signals: ['temperature', 'vibration'],
  input: { kind: 'features', window: '6h', step: '1h', aggregations: ['mean'] },
  output: { name: 'score', higherIsWorse: true, threshold: 1 },
  training: { machineIds: ['M-1'], from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' },
});

function parsed(doc: unknown): ModelManifest {
  const r = parseManifest(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.manifest;
}

function errors(doc: unknown): ManifestError[] {
  const r = parseManifest(doc);
  if (r.ok) throw new Error('expected a refusal');
  return r.errors;
}

/** Regimes fitted on two speed setpoints, written to JSON and back as a manifest would carry them. */
function regimesJson() {
  const H = 3_600_000;
  const n = 400;
  const speed = Float32Array.from({ length: n }, (_, i) => (Math.floor(i / 50) % 2 ? 1200 : 1000) + (i % 7));
  const temperature = Float32Array.from(speed, (v, i) => v / 20 + (i % 5));
  const vibration = Float32Array.from(speed, (_, i) => 2 + (i % 3) / 10);
  const regimes = fitRegimes({
    regimeSignals: ['speed'],
    signals: ['temperature', 'vibration'],
    series: {
      speed: { startMs: 0, intervalMs: H, values: speed },
      temperature: { startMs: 0, intervalMs: H, values: temperature },
      vibration: { startMs: 0, intervalMs: H, values: vibration },
    },
  });
  return { regimes, json: JSON.parse(JSON.stringify(manifestNormalization({ method: 'per-regime', regimes }))) };
}

describe('manifest normalization', () => {
  it('defaults to none and reads the per-machine baseline with its two-week default', () => {
    expect(parsed(base()).normalization).toBe('none');
    expect(parsed({ ...base(), normalization: 'per-machine-baseline' }).normalization).toEqual({ method: 'per-machine-baseline', baseline: '2w' });
    const m = parsed({ ...base(), normalization: { method: 'per-machine-baseline', baseline: '50h' } });
    expect(normalizationOf(m.normalization)).toEqual({ method: 'per-machine-baseline', baselineMs: 50 * 3_600_000 });
  });

  it('names the field at fault', () => {
    expect(errors({ ...base(), normalization: 'z-score' })[0].field).toBe('normalization');
    expect(errors({ ...base(), normalization: { method: 'per-machine-baseline', baseline: 'two weeks' } })[0].field).toBe('normalization.baseline');
    expect(errors({ ...base(), normalization: { method: 'pca' } })[0].field).toBe('normalization.method');
    expect(errors({ ...base(), normalization: 'per-regime' })[0].message).toMatch(/must name its regimeSignals and regimes/);
  });

  it('round-trips fitted regimes through the manifest', () => {
    const { regimes, json } = regimesJson();
    expect(regimes.regimes).toHaveLength(2);
    const m = parsed({ ...base(), normalization: json });
    expect(normalizationOf(m.normalization)).toEqual({ method: 'per-regime', regimes });
  });

  it('refuses regimes that do not fit the manifest', () => {
    const { json } = regimesJson();
    const asInput = { ...json, regimeSignals: ['temperature'] };
    expect(errors({ ...base(), normalization: asInput })[0]).toEqual({
      field: 'normalization.regimeSignals',
      message: 'regime signals are not model inputs: temperature is in both',
    });
    const short = { ...json, regimes: { ...json.regimes, scale: [] } };
    expect(errors({ ...base(), normalization: short })[0].field).toBe('normalization.regimes.scale');
    const badLevel = JSON.parse(JSON.stringify(json));
    badLevel.regimes.regimes[1].levels[0].signal = 'pressure';
    expect(errors({ ...base(), normalization: badLevel })[0].field).toBe('normalization.regimes.regimes[1].levels[0]');
  });
});
