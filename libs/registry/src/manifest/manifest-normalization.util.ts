import { formatDuration, parseDuration } from '@fleetgate/common';
import { DEFAULT_BASELINE_MS, Normalization, Regimes } from '@fleetgate/inference';
import { describeValue, isPlainObject, ManifestReader } from './manifest-reader.util';

/**
 * The manifest's `normalization`: "none" (raw canonical units), "per-machine-baseline" (each machine
 * against its own healthy baseline; `baseline` is its length, default 14d) or "per-regime" (each
 * signal against the pilot's operating regime of the hour; the trainer writes the regimes it found).
 */
export type ManifestNormalization =
  | 'none'
  /** With regimeSignals and regimes: each machine's own baseline within each of the pilot's operating regimes. */
  | { method: 'per-machine-baseline'; baseline: string; regimeSignals?: string[]; regimes?: Regimes }
  | { method: 'per-regime'; regimeSignals: string[]; regimes: Regimes };

export const NORMALIZATION_METHODS = ['none', 'per-machine-baseline', 'per-regime'] as const;
const BASELINE_FIELDS = ['method', 'baseline', 'regimeSignals', 'regimes'] as const;
const REGIME_FIELDS = ['method', 'regimeSignals', 'regimes'] as const;

export function readNormalization(r: ManifestReader, value: unknown, signals: readonly string[] | undefined): ManifestNormalization | undefined {
  if (value === undefined || value === 'none') return 'none';
  if (value === 'per-machine-baseline') return { method: 'per-machine-baseline', baseline: formatDuration(DEFAULT_BASELINE_MS) };
  if (value === 'per-regime')
    return r.fail(
      'normalization',
      'a per-regime normalization must name its regimeSignals and regimes (fleetgate train --normalization per-regime writes them)',
    );
  if (!isPlainObject(value))
    return r.fail('normalization', `normalization must be one of ${NORMALIZATION_METHODS.join(', ')} or an object with a method, got ${describeValue(value)}`);
  if (value.method === 'per-machine-baseline') {
    r.unknownKeys(value, 'normalization', BASELINE_FIELDS);
    const baseline = value.baseline === undefined ? formatDuration(DEFAULT_BASELINE_MS) : r.duration(value, 'baseline', 'normalization.baseline');
    if (value.regimeSignals === undefined && value.regimes === undefined)
      return baseline === undefined ? undefined : { method: 'per-machine-baseline', baseline };
    // Per-machine baselines within the pilot's operating regimes.
    const regimeSignals = r.uniqueStrings(value, 'regimeSignals', 'normalization.regimeSignals');
    const overlap = (regimeSignals ?? []).filter((s) => signals?.includes(s));
    if (overlap.length) return r.fail('normalization.regimeSignals', `regime signals are not model inputs: ${overlap.join(', ')} is in both`);
    const regimes = readRegimes(r, value.regimes, regimeSignals, signals);
    return baseline && regimeSignals && regimes ? { method: 'per-machine-baseline', baseline, regimeSignals, regimes } : undefined;
  }
  if (value.method === 'per-regime') {
    r.unknownKeys(value, 'normalization', REGIME_FIELDS);
    const regimeSignals = r.uniqueStrings(value, 'regimeSignals', 'normalization.regimeSignals');
    const overlap = (regimeSignals ?? []).filter((s) => signals?.includes(s));
    if (overlap.length) return r.fail('normalization.regimeSignals', `regime signals are not model inputs: ${overlap.join(', ')} is in both`);
    const regimes = readRegimes(r, value.regimes, regimeSignals, signals);
    return regimeSignals && regimes ? { method: 'per-regime', regimeSignals, regimes } : undefined;
  }
  return r.fail('normalization.method', `normalization.method must be per-machine-baseline or per-regime, got ${describeValue(value.method)}`);
}

/** A JSON number, or null for a value JSON cannot hold (NaN: a regime without hours of a signal). */
function num(v: unknown): number | undefined {
  if (v === null) return NaN;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function numbers(v: unknown, length: number): number[] | undefined {
  if (!Array.isArray(v) || v.length !== length) return undefined;
  const out = v.map(num);
  return out.every((x) => x !== undefined) ? (out as number[]) : undefined;
}

/** The regimes as the trainer wrote them: every array the right length, every number finite (or null). */
function readRegimes(r: ManifestReader, value: unknown, regimeSignals: string[] | undefined, signals: readonly string[] | undefined): Regimes | undefined {
  const path = 'normalization.regimes';
  if (!regimeSignals || !signals) return undefined;
  if (!isPlainObject(value)) return r.fail(path, `${path} must be an object (written by the trainer), got ${describeValue(value)}`);
  const d = regimeSignals.length;
  const scale = numbers(value.scale, d);
  if (!scale) return r.fail(`${path}.scale`, `${path}.scale must hold ${d} numbers, one per regime signal`);
  const silhouette = Array.isArray(value.silhouette) ? value.silhouette.map(num) : undefined;
  if (!silhouette || silhouette.some((x) => x === undefined)) return r.fail(`${path}.silhouette`, `${path}.silhouette must be a list of numbers`);
  if (!Array.isArray(value.signals) || value.signals.join('\u0000') !== signals.join('\u0000'))
    return r.fail(`${path}.signals`, `${path}.signals must list the manifest's signals in order`);
  if (!Array.isArray(value.regimeSignals) || value.regimeSignals.join('\u0000') !== regimeSignals.join('\u0000'))
    return r.fail(`${path}.regimeSignals`, `${path}.regimeSignals must equal normalization.regimeSignals`);
  if (!Array.isArray(value.regimes) || value.regimes.length === 0) return r.fail(`${path}.regimes`, `${path}.regimes must list at least one regime`);
  const regimes: Regimes['regimes'] = [];
  for (let i = 0; i < value.regimes.length; i++) {
    const at = `${path}.regimes[${i}]`;
    const g = value.regimes[i] as Record<string, unknown>;
    const centre = isPlainObject(g) ? numbers(g.centre, d) : undefined;
    const sigma = isPlainObject(g) ? numbers(g.sigma, d) : undefined;
    const hours = isPlainObject(g) ? num(g.hours) : undefined;
    if (!centre || !sigma || hours === undefined) return r.fail(at, `${at} needs centre and sigma (${d} numbers each) and hours`);
    if (!Array.isArray(g.levels) || g.levels.length !== signals.length) return r.fail(`${at}.levels`, `${at}.levels must hold one entry per signal`);
    const levels = [];
    for (let k = 0; k < signals.length; k++) {
      const l = g.levels[k] as Record<string, unknown>;
      const level = isPlainObject(l) ? num(l.level) : undefined;
      const spread = isPlainObject(l) ? num(l.spread) : undefined;
      const h = isPlainObject(l) ? num(l.hours) : undefined;
      if (!isPlainObject(l) || l.signal !== signals[k] || level === undefined || spread === undefined || h === undefined)
        return r.fail(`${at}.levels[${k}]`, `${at}.levels[${k}] must be { signal: "${signals[k]}", level, spread, hours }`);
      levels.push({ signal: signals[k], level, spread, hours: h });
    }
    regimes.push({ centre, sigma, hours, levels });
  }
  return { regimeSignals: [...regimeSignals], signals: [...signals], scale, silhouette: silhouette as number[], regimes };
}

/** The manifest's normalization as the inference code takes it. */
export function normalizationOf(n: ManifestNormalization): Normalization {
  if (n === 'none') return { method: 'none' };
  if (n.method === 'per-machine-baseline')
    return { method: 'per-machine-baseline', baselineMs: parseDuration(n.baseline), ...(n.regimes ? { regimes: n.regimes } : {}) };
  return { method: 'per-regime', regimes: n.regimes };
}

/** The manifest's form of a normalization, as the trainer writes it (JSON: NaN becomes null). */
export function manifestNormalization(n: Normalization): ManifestNormalization {
  if (n.method === 'none') return 'none';
  if (n.method === 'per-machine-baseline')
    return {
      method: 'per-machine-baseline',
      baseline: formatDuration(n.baselineMs),
      ...(n.regimes ? { regimeSignals: [...n.regimes.regimeSignals], regimes: n.regimes } : {}),
    };
  return { method: 'per-regime', regimeSignals: [...n.regimes.regimeSignals], regimes: n.regimes };
}
