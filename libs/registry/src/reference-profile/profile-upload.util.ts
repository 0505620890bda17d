import { ErrorDetail } from '@fleetgate/common';
import { decodeNonFinite, JsonNumber } from '@fleetgate/common';
import { registryErrors } from '../registry.exception';
import { profileColumn } from './reference-profile.util';
import { PROFILE_FORMAT, PROFILE_QUANTILE_PROBS, ReferenceProfile, SignalProfile } from './reference-profile.types';

export interface UploadContext {
  featureNames: readonly string[];
  signals: readonly string[];
  threshold: number;
  higherIsWorse: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isJsonNumber = (v: unknown): v is JsonNumber => (typeof v === 'number' && Number.isFinite(v)) || v === null || v === 'Infinity' || v === '-Infinity';

/**
 * A reference profile uploaded with the model (e.g. computed where the training data
 * lives). Only the samples are trusted: `features[].sample` (required, in any order) and
 * optionally `output.sample`, `signals[]` {name, mean, std, n} and the alarm rates;
 * quantiles, bins and moments are recomputed here so they cannot disagree with the
 * samples. Feature names must be exactly the manifest's.
 */
export function parseUploadedProfile(json: unknown, ctx: UploadContext): ReferenceProfile {
  const errors: ErrorDetail[] = [];
  const fail = (): never => {
    throw registryErrors.invalidProfile(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  };
  if (!isObject(json)) {
    errors.push({ field: 'profile', message: 'must be an object' });
    return fail();
  }
  const features = json.features;
  if (!Array.isArray(features)) {
    errors.push({ field: 'profile.features', message: 'must be an array of { name, sample }' });
    return fail();
  }
  const samples = new Map<string, number[]>();
  features.forEach((f, i) => {
    const field = `profile.features[${i}]`;
    if (!isObject(f) || typeof f.name !== 'string') return void errors.push({ field, message: 'needs a string name' });
    if (samples.has(f.name)) return void errors.push({ field: `${field}.name`, message: `duplicate feature ${f.name}` });
    const sample = numericSample(f.sample, `${field}.sample`, errors);
    if (sample) samples.set(f.name, sample);
  });
  const expected = new Set(ctx.featureNames);
  const missing = ctx.featureNames.filter((n) => !features.some((f) => isObject(f) && f.name === n));
  const extra = features.filter((f) => isObject(f) && typeof f.name === 'string' && !expected.has(f.name)).map((f) => (f as { name: string }).name);
  if (missing.length) errors.push({ field: 'profile.features', message: `missing manifest features: ${missing.join(', ')}` });
  if (extra.length) errors.push({ field: 'profile.features', message: `features not in the manifest: ${extra.join(', ')}` });

  let output: number[] | null = null;
  if (json.output !== undefined && json.output !== null) {
    output = isObject(json.output) ? numericSample(json.output.sample, 'profile.output.sample', errors) : null;
    if (!isObject(json.output)) errors.push({ field: 'profile.output', message: 'must be an object with a sample' });
  }
  const signals = uploadedSignals(json.signals, ctx.signals, errors);
  const rates = ['alarmRate', 'healthyAlarmRate'].map((key) => {
    const v = json[key];
    if (v === undefined || v === null) return NaN;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) errors.push({ field: `profile.${key}`, message: 'must be a fraction between 0 and 1' });
    return Number(v);
  });
  if (errors.length) fail();

  const featureProfiles = ctx.featureNames.map((name) => ({ name, ...profileColumn(samples.get(name)!) }));
  return {
    format: PROFILE_FORMAT,
    source: 'uploaded',
    quantileProbs: [...PROFILE_QUANTILE_PROBS],
    windows: { total: null, healthy: Math.min(...featureProfiles.map((f) => f.n)) },
    features: featureProfiles,
    signals,
    output: output ? profileColumn(output) : null,
    threshold: ctx.threshold,
    higherIsWorse: ctx.higherIsWorse,
    alarmRate: rates[0],
    healthyAlarmRate: rates[1],
    // An uploaded profile says nothing about the pilot's recall; the evaluation's absolute rule applies.
    recall: null,
    relations: null,
  };
}

function numericSample(value: unknown, field: string, errors: ErrorDetail[]): number[] | null {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push({ field, message: 'must be a non-empty array of numbers' });
    return null;
  }
  const bad = value.findIndex((v) => !(typeof v === 'number' && Number.isFinite(v)));
  if (bad >= 0) {
    errors.push({ field: `${field}[${bad}]`, message: `not a finite number: ${JSON.stringify(value[bad])}` });
    return null;
  }
  return value as number[];
}

function uploadedSignals(value: unknown, expected: readonly string[], errors: ErrorDetail[]): SignalProfile[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({ field: 'profile.signals', message: 'must be an array of { name, mean, std }' });
    return [];
  }
  const out: SignalProfile[] = [];
  value.forEach((s, i) => {
    const field = `profile.signals[${i}]`;
    if (!isObject(s) || typeof s.name !== 'string') return void errors.push({ field, message: 'needs a string name' });
    if (!expected.includes(s.name))
      return void errors.push({ field: `${field}.name`, message: `signal ${s.name} is not an input of the manifest (${expected.join(', ')})` });
    if (!isJsonNumber(s.mean) || !isJsonNumber(s.std)) return void errors.push({ field, message: 'mean and std must be numbers' });
    out.push({ name: s.name, n: typeof s.n === 'number' && Number.isInteger(s.n) ? s.n : 0, mean: decodeNonFinite(s.mean), std: decodeNonFinite(s.std) });
  });
  return out;
}
