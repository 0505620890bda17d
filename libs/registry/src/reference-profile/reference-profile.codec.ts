import { decodeNonFinite, encodeNonFinite, JsonNumber } from '@fleetgate/common';
import { ColumnProfile, ColumnProfileJson, ReferenceProfile, ReferenceProfileJson } from './reference-profile.types';

const enc = (xs: ArrayLike<number>): JsonNumber[] => Array.from(xs, encodeNonFinite);
const dec = (xs: JsonNumber[]): Float64Array => Float64Array.from(xs, decodeNonFinite);

function encodeColumn(c: ColumnProfile): ColumnProfileJson {
  return {
    n: c.n,
    sample: enc(c.sample),
    quantiles: enc(c.quantiles),
    binEdges: enc(c.binEdges),
    binProportions: enc(c.binProportions),
    mean: encodeNonFinite(c.mean),
    std: encodeNonFinite(c.std),
    min: encodeNonFinite(c.min),
    max: encodeNonFinite(c.max),
  };
}

function decodeColumn(c: ColumnProfileJson): ColumnProfile {
  return {
    n: c.n,
    sample: dec(c.sample),
    quantiles: dec(c.quantiles),
    binEdges: dec(c.binEdges),
    binProportions: dec(c.binProportions),
    mean: decodeNonFinite(c.mean),
    std: decodeNonFinite(c.std),
    min: decodeNonFinite(c.min),
    max: decodeNonFinite(c.max),
  };
}

/**
 * JSON-safe form (NaN → null, ±Infinity → "Infinity"/"-Infinity"). Values are kept at
 * full precision: a flat sensor's point-mass bin [c, nextUp(c)) only works when c is
 * stored exactly.
 */
export function encodeReferenceProfile(p: ReferenceProfile): ReferenceProfileJson {
  return {
    format: p.format,
    source: p.source,
    quantileProbs: [...p.quantileProbs],
    windows: { ...p.windows },
    features: p.features.map((f) => ({ name: f.name, ...encodeColumn(f) })),
    signals: p.signals.map((s) => ({
      name: s.name,
      n: s.n,
      mean: encodeNonFinite(s.mean),
      std: encodeNonFinite(s.std),
      ...(s.withinStd !== undefined ? { withinStd: encodeNonFinite(s.withinStd) } : {}),
    })),
    output: p.output ? encodeColumn(p.output) : null,
    threshold: encodeNonFinite(p.threshold),
    higherIsWorse: p.higherIsWorse,
    alarmRate: encodeNonFinite(p.alarmRate),
    healthyAlarmRate: encodeNonFinite(p.healthyAlarmRate),
    recall: p.recall,
    relations: p.relations
      ? {
          signals: [...p.relations.signals],
          hours: p.relations.hours,
          correlation: enc(p.relations.correlation),
          varianceRatio: enc(p.relations.varianceRatio),
        }
      : null,
    ...(p.outOfSample ? { outOfSample: { ...p.outOfSample } } : {}),
  };
}

/** Inverse of `encodeReferenceProfile`: typed arrays and NaN/Infinity restored. */
export function decodeReferenceProfile(j: ReferenceProfileJson): ReferenceProfile {
  return {
    format: j.format,
    source: j.source,
    quantileProbs: [...j.quantileProbs],
    windows: { ...j.windows },
    features: j.features.map((f) => ({ name: f.name, ...decodeColumn(f) })),
    signals: j.signals.map((s) => ({
      name: s.name,
      n: s.n,
      mean: decodeNonFinite(s.mean),
      std: decodeNonFinite(s.std),
      ...(s.withinStd !== undefined ? { withinStd: decodeNonFinite(s.withinStd) } : {}),
    })),
    output: j.output ? decodeColumn(j.output) : null,
    threshold: decodeNonFinite(j.threshold),
    higherIsWorse: j.higherIsWorse,
    alarmRate: decodeNonFinite(j.alarmRate),
    healthyAlarmRate: decodeNonFinite(j.healthyAlarmRate),
    recall: j.recall ?? null,
    relations: j.relations
      ? {
          signals: [...j.relations.signals],
          hours: j.relations.hours,
          correlation: dec(j.relations.correlation),
          varianceRatio: dec(j.relations.varianceRatio),
        }
      : null,
    ...(j.outOfSample ? { outOfSample: { ...j.outOfSample } } : {}),
  };
}
