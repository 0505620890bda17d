import { TagMappingErrorCode, TagMappingException } from './tag-mapping.exception';

/** y = x * scale + offset. Affine, so a whole Float32Array converts in one tight loop. */
export interface Conversion {
  scale: number;
  offset: number;
}

interface Affine {
  scale: number;
  offset: number;
}

interface UnitDef {
  /** The spelling every alias normalises to (what the catalog and the API show). */
  symbol: string;
  dimension: string;
  /** value in the dimension's base unit = x * scale + offset */
  toBase: Affine;
  /**
   * Written out where 1/scale is not exact in binary (°F, in/s, psi) so that the
   * conversions people check by hand (°C→°F = ×1.8 + 32) come out exact.
   */
  fromBase?: Affine;
  aliases: string[];
}

// 1 psi = 0.45359237 kg × 9.80665 m/s² / (0.0254 m)² = 6894.757293168361 Pa.
const BAR_PER_PSI = (0.45359237 * 9.80665) / (0.0254 * 0.0254) / 1e5;

// Base units: °C, mm/s, bar, kW, A, rpm, m³/h, kg/s, '' (dimensionless).
// Aliases are an explicit list, not a case-insensitive match: 'mW' and 'MW' differ by 10⁹.
const UNIT_DEFS: UnitDef[] = [
  { symbol: '°C', dimension: 'temperature', toBase: { scale: 1, offset: 0 }, aliases: ['degC', 'C', 'ºC', '℃', 'deg C', 'celsius', 'Celsius'] },
  {
    symbol: '°F',
    dimension: 'temperature',
    toBase: { scale: 5 / 9, offset: -160 / 9 },
    fromBase: { scale: 1.8, offset: 32 },
    aliases: ['degF', 'F', 'ºF', '℉', 'deg F', 'fahrenheit', 'Fahrenheit'],
  },
  { symbol: 'K', dimension: 'temperature', toBase: { scale: 1, offset: -273.15 }, fromBase: { scale: 1, offset: 273.15 }, aliases: ['kelvin', 'Kelvin'] },
  // Rankine: C-MAPSS reports its gas-path temperatures in °R.
  {
    symbol: '°R',
    dimension: 'temperature',
    toBase: { scale: 5 / 9, offset: -273.15 },
    fromBase: { scale: 1.8, offset: 491.67 },
    aliases: ['degR', 'ºR', 'rankine', 'Rankine'],
  },
  { symbol: 'mm/s', dimension: 'velocity', toBase: { scale: 1, offset: 0 }, aliases: ['MM/S', 'mm s-1', 'mm/sec'] },
  {
    symbol: 'in/s',
    dimension: 'velocity',
    toBase: { scale: 25.4, offset: 0 },
    fromBase: { scale: 1 / 25.4, offset: 0 },
    aliases: ['IN/S', 'ips', 'IPS', 'in/sec'],
  },
  { symbol: 'm/s', dimension: 'velocity', toBase: { scale: 1000, offset: 0 }, fromBase: { scale: 0.001, offset: 0 }, aliases: [] },
  { symbol: 'bar', dimension: 'pressure', toBase: { scale: 1, offset: 0 }, aliases: ['BAR', 'Bar'] },
  {
    symbol: 'psi',
    dimension: 'pressure',
    toBase: { scale: BAR_PER_PSI, offset: 0 },
    fromBase: { scale: 1 / BAR_PER_PSI, offset: 0 },
    aliases: ['PSI', 'lbf/in2', 'lbf/in²'],
  },
  // psia is psi measured against vacuum; the factor is the same, the zero is the caller's business.
  { symbol: 'psia', dimension: 'pressure', toBase: { scale: BAR_PER_PSI, offset: 0 }, fromBase: { scale: 1 / BAR_PER_PSI, offset: 0 }, aliases: ['PSIA'] },
  { symbol: 'kPa', dimension: 'pressure', toBase: { scale: 0.01, offset: 0 }, fromBase: { scale: 100, offset: 0 }, aliases: ['KPA', 'kpa'] },
  { symbol: 'MPa', dimension: 'pressure', toBase: { scale: 10, offset: 0 }, fromBase: { scale: 0.1, offset: 0 }, aliases: ['MPA'] },
  { symbol: 'kW', dimension: 'power', toBase: { scale: 1, offset: 0 }, aliases: ['KW', 'kw'] },
  { symbol: 'W', dimension: 'power', toBase: { scale: 0.001, offset: 0 }, fromBase: { scale: 1000, offset: 0 }, aliases: ['w', 'watt', 'watts'] },
  { symbol: 'MW', dimension: 'power', toBase: { scale: 1000, offset: 0 }, fromBase: { scale: 0.001, offset: 0 }, aliases: [] },
  { symbol: 'A', dimension: 'current', toBase: { scale: 1, offset: 0 }, aliases: ['amp', 'amps', 'Amps', 'ampere'] },
  { symbol: 'mA', dimension: 'current', toBase: { scale: 0.001, offset: 0 }, fromBase: { scale: 1000, offset: 0 }, aliases: [] },
  { symbol: 'rpm', dimension: 'rotational-speed', toBase: { scale: 1, offset: 0 }, aliases: ['RPM', 'Rpm', 'r/min', '1/min', 'min-1'] },
  { symbol: 'm³/h', dimension: 'volume-flow', toBase: { scale: 1, offset: 0 }, aliases: ['m3/h', 'm^3/h', 'M3/H', 'm3/hr', 'm³/hr', 'cmh'] },
  { symbol: 'l/s', dimension: 'volume-flow', toBase: { scale: 3.6, offset: 0 }, fromBase: { scale: 1 / 3.6, offset: 0 }, aliases: ['L/s', 'lps'] },
  { symbol: 'l/min', dimension: 'volume-flow', toBase: { scale: 0.06, offset: 0 }, fromBase: { scale: 1 / 0.06, offset: 0 }, aliases: ['L/min', 'lpm'] },
  { symbol: 'kg/s', dimension: 'mass-flow', toBase: { scale: 1, offset: 0 }, aliases: [] },
  {
    symbol: 'lbm/s',
    dimension: 'mass-flow',
    toBase: { scale: 0.45359237, offset: 0 },
    fromBase: { scale: 1 / 0.45359237, offset: 0 },
    aliases: ['lb/s', 'pps'],
  },
  // C-MAPSS phi (fuel flow / Ps30): kept as its own dimension, nothing converts to it.
  { symbol: 'pps/psi', dimension: 'fuel-flow-ratio', toBase: { scale: 1, offset: 0 }, aliases: [] },
  { symbol: '', dimension: 'dimensionless', toBase: { scale: 1, offset: 0 }, aliases: ['-', '--', '1'] },
  { symbol: '%', dimension: 'dimensionless', toBase: { scale: 0.01, offset: 0 }, fromBase: { scale: 100, offset: 0 }, aliases: ['percent', 'pct'] },
];

const BY_SPELLING = new Map<string, UnitDef>();
for (const def of UNIT_DEFS) {
  for (const spelling of [def.symbol, ...def.aliases]) {
    if (BY_SPELLING.has(spelling)) throw new Error(`unit spelling "${spelling}" registered twice`);
    BY_SPELLING.set(spelling, def);
  }
}

function lookup(spelling: string): UnitDef | undefined {
  if (typeof spelling !== 'string') return undefined;
  return BY_SPELLING.get(spelling.trim());
}

function mustFind(spelling: string): UnitDef {
  const def = lookup(spelling);
  if (!def) {
    throw new TagMappingException(
      TagMappingErrorCode.UnknownUnit,
      `unknown unit "${spelling}" (known: ${knownUnits()
        .map((u) => `"${u}"`)
        .join(', ')})`,
      [{ field: 'unit', message: `unknown unit "${spelling}"` }],
    );
  }
  return def;
}

function fromBase(def: UnitDef): Affine {
  return def.fromBase ?? { scale: 1 / def.toBase.scale, offset: -def.toBase.offset / def.toBase.scale };
}

/** True when the spelling is one the registry knows (surrounding spaces ignored). */
export function isKnownUnit(spelling: string): boolean {
  return lookup(spelling) !== undefined;
}

/** 'degC' → '°C', 'm3/h' → 'm³/h'; unknown spellings are refused. */
export function canonicalUnit(spelling: string): string {
  return mustFind(spelling).symbol;
}

/** The canonical symbols, for error messages and the API's unit list. */
export function knownUnits(): string[] {
  return UNIT_DEFS.map((d) => d.symbol);
}

/** True when a value in `from` can be expressed in `to` (same physical dimension). */
export function areConvertible(from: string, to: string): boolean {
  const a = lookup(from);
  const b = lookup(to);
  return a !== undefined && b !== undefined && a.dimension === b.dimension;
}

/** True when the two spellings name the same unit ('degF' and '°F'): no conversion needed. */
export function isSameUnit(from: string, to: string): boolean {
  const a = lookup(from);
  return a !== undefined && a === lookup(to);
}

/**
 * The affine map from `from` to `to`: y = x * scale + offset. Same unit → exactly {1, 0}.
 * Unknown units or different dimensions (°C → bar) are refused, never guessed.
 */
export function converter(from: string, to: string): Conversion {
  const a = mustFind(from);
  const b = mustFind(to);
  if (a === b) return { scale: 1, offset: 0 };
  if (a.dimension !== b.dimension) {
    throw new TagMappingException(TagMappingErrorCode.IncompatibleUnits, `cannot convert "${a.symbol}" (${a.dimension}) to "${b.symbol}" (${b.dimension})`, [
      { field: 'unit', message: `"${a.symbol}" is not convertible to "${b.symbol}"` },
    ]);
  }
  const back = fromBase(b);
  return { scale: a.toBase.scale * back.scale, offset: a.toBase.offset * back.scale + back.offset };
}

/** One value from `from` to `to`; NaN stays NaN. */
export function convert(value: number, from: string, to: string): number {
  const { scale, offset } = converter(from, to);
  return value * scale + offset;
}

/**
 * Applies a conversion to a whole series. `null` means identity (what resolveTags reports
 * for a tag already in the signal's unit) and copies. Pass `out === values` to convert in place.
 * NaN (missing sample) stays NaN.
 */
export function convertArray(values: Float32Array, conversion: Conversion | null, out: Float32Array = new Float32Array(values.length)): Float32Array {
  if (out.length !== values.length) throw new RangeError(`output length ${out.length} differs from input length ${values.length}`);
  if (conversion === null || (conversion.scale === 1 && conversion.offset === 0)) {
    if (out !== values) out.set(values);
    return out;
  }
  const { scale, offset } = conversion;
  for (let i = 0; i < values.length; i++) out[i] = values[i] * scale + offset;
  return out;
}
