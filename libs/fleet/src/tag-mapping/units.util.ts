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

// 1 US gallon = 231 in³ = 3.785411784 l (exact); 1 hp (mechanical) = 550 ft·lbf/s = 745.69987158227022 W.
const LITRES_PER_US_GALLON = 3.785411784;
const KW_PER_HP = (550 * 0.3048 * 0.45359237 * 9.80665) / 1000;
// Standard gravity (CGPM 1901, exact): the `g` of vibration acceleration.
const STANDARD_GRAVITY = 9.80665;

const scaled = (symbol: string, dimension: string, scale: number, aliases: string[] = []): UnitDef => ({
  symbol,
  dimension,
  toBase: { scale, offset: 0 },
  // Written out so that ×1000 and ÷1000 both stay exact.
  fromBase: { scale: 1 / scale, offset: 0 },
  aliases,
});
const base = (symbol: string, dimension: string, aliases: string[] = []): UnitDef => ({ symbol, dimension, toBase: { scale: 1, offset: 0 }, aliases });

// Base units (scale 1 in each dimension): °C, mm/s, m/s², mm, bar, kW, kVA, kvar, kWh, A, V,
// Ω, N·m, rpm, m³/h, kg/s, h, '' (dimensionless: a plain ratio, 1 = the whole).
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
  base('mm/s', 'velocity', ['MM/S', 'mm s-1', 'mm/sec']),
  {
    symbol: 'in/s',
    dimension: 'velocity',
    toBase: { scale: 25.4, offset: 0 },
    fromBase: { scale: 1 / 25.4, offset: 0 },
    aliases: ['IN/S', 'ips', 'IPS', 'in/sec'],
  },
  { symbol: 'm/s', dimension: 'velocity', toBase: { scale: 1000, offset: 0 }, fromBase: { scale: 0.001, offset: 0 }, aliases: [] },
  // Vibration acceleration. `g` is standard gravity here, never the gram (no mass unit is known).
  base('m/s²', 'acceleration', ['m/s2', 'm/s^2', 'm s-2']),
  scaled('mm/s²', 'acceleration', 0.001, ['mm/s2', 'mm/s^2']),
  scaled('g', 'acceleration', STANDARD_GRAVITY, ['G', 'gn', 'g0']),
  // Length: vibration displacement (µm, mil), levels and positions (mm, m).
  base('mm', 'length', ['MM']),
  scaled('µm', 'length', 0.001, ['um', '\u03bcm', 'micron', 'microns']),
  scaled('m', 'length', 1000, []),
  scaled('in', 'length', 25.4, ['inch', 'inches']),
  scaled('mil', 'length', 0.0254, ['mils', 'thou']),
  { symbol: 'bar', dimension: 'pressure', toBase: { scale: 1, offset: 0 }, aliases: ['BAR', 'Bar'] },
  {
    symbol: 'psi',
    dimension: 'pressure',
    toBase: { scale: BAR_PER_PSI, offset: 0 },
    fromBase: { scale: 1 / BAR_PER_PSI, offset: 0 },
    aliases: ['PSI', 'psig', 'PSIG', 'lbf/in2', 'lbf/in²'],
  },
  // psia is psi measured against vacuum; the factor is the same, the zero is the caller's business.
  { symbol: 'psia', dimension: 'pressure', toBase: { scale: BAR_PER_PSI, offset: 0 }, fromBase: { scale: 1 / BAR_PER_PSI, offset: 0 }, aliases: ['PSIA'] },
  scaled('mbar', 'pressure', 0.001, ['mBar', 'mbarg']),
  scaled('Pa', 'pressure', 1e-5, ['pascal']),
  { symbol: 'kPa', dimension: 'pressure', toBase: { scale: 0.01, offset: 0 }, fromBase: { scale: 100, offset: 0 }, aliases: ['KPA', 'kpa'] },
  { symbol: 'MPa', dimension: 'pressure', toBase: { scale: 10, offset: 0 }, fromBase: { scale: 0.1, offset: 0 }, aliases: ['MPA'] },
  { symbol: 'kW', dimension: 'power', toBase: { scale: 1, offset: 0 }, aliases: ['KW', 'kw'] },
  { symbol: 'W', dimension: 'power', toBase: { scale: 0.001, offset: 0 }, fromBase: { scale: 1000, offset: 0 }, aliases: ['w', 'watt', 'watts'] },
  { symbol: 'MW', dimension: 'power', toBase: { scale: 1000, offset: 0 }, fromBase: { scale: 0.001, offset: 0 }, aliases: [] },
  scaled('hp', 'power', KW_PER_HP, ['HP', 'bhp']),
  // Apparent and reactive power are their own dimensions: converting them to kW needs the power factor.
  base('kVA', 'apparent-power', ['KVA', 'kva']),
  scaled('VA', 'apparent-power', 0.001, ['va']),
  scaled('MVA', 'apparent-power', 1000, []),
  base('kvar', 'reactive-power', ['kVAr', 'kVAR', 'KVAR']),
  scaled('var', 'reactive-power', 0.001, ['VAr', 'VAR']),
  base('kWh', 'energy', ['KWH', 'kwh', 'kW·h']),
  scaled('Wh', 'energy', 0.001, ['wh']),
  scaled('MWh', 'energy', 1000, ['MWH']),
  scaled('MJ', 'energy', 1 / 3.6, []),
  { symbol: 'A', dimension: 'current', toBase: { scale: 1, offset: 0 }, aliases: ['amp', 'amps', 'Amps', 'ampere'] },
  { symbol: 'mA', dimension: 'current', toBase: { scale: 0.001, offset: 0 }, fromBase: { scale: 1000, offset: 0 }, aliases: [] },
  scaled('kA', 'current', 1000, []),
  base('V', 'voltage', ['v', 'volt', 'volts', 'Vac', 'VAC', 'Vdc', 'VDC']),
  scaled('mV', 'voltage', 0.001, []),
  scaled('kV', 'voltage', 1000, ['KV', 'kv']),
  // Insulation resistance (MΩ) and winding resistance (Ω).
  base('Ω', 'resistance', ['ohm', 'ohms', 'Ohm', '\u2126']),
  scaled('kΩ', 'resistance', 1000, ['kohm', 'kOhm', 'k\u2126']),
  scaled('MΩ', 'resistance', 1e6, ['Mohm', 'MOhm', 'M\u2126']),
  base('N·m', 'torque', ['Nm', 'N.m', 'N m', 'N*m']),
  scaled('kN·m', 'torque', 1000, ['kNm', 'kN.m']),
  // Shaft speed and frequency share one dimension (1/time): 1 Hz = 1 revolution or cycle per second = 60 rpm.
  { symbol: 'rpm', dimension: 'frequency', toBase: { scale: 1, offset: 0 }, aliases: ['RPM', 'Rpm', 'r/min', '1/min', 'min-1', 'cpm', 'CPM'] },
  scaled('Hz', 'frequency', 60, ['hz', 'HZ', '1/s', 'rps', 'cps']),
  scaled('kHz', 'frequency', 60000, ['khz', 'KHz']),
  { symbol: 'm³/h', dimension: 'volume-flow', toBase: { scale: 1, offset: 0 }, aliases: ['m3/h', 'm^3/h', 'M3/H', 'm3/hr', 'm³/hr', 'cmh'] },
  { symbol: 'l/s', dimension: 'volume-flow', toBase: { scale: 3.6, offset: 0 }, fromBase: { scale: 1 / 3.6, offset: 0 }, aliases: ['L/s', 'lps'] },
  { symbol: 'l/min', dimension: 'volume-flow', toBase: { scale: 0.06, offset: 0 }, fromBase: { scale: 1 / 0.06, offset: 0 }, aliases: ['L/min', 'lpm'] },
  scaled('l/h', 'volume-flow', 0.001, ['L/h', 'lph']),
  scaled('m³/s', 'volume-flow', 3600, ['m3/s', 'm^3/s']),
  scaled('m³/min', 'volume-flow', 60, ['m3/min', 'm^3/min']),
  // US gallons per minute: 3.785411784 l × 60 / 1000 m³/h.
  scaled('gpm', 'volume-flow', (LITRES_PER_US_GALLON * 60) / 1000, ['GPM', 'gal/min', 'usgpm']),
  { symbol: 'kg/s', dimension: 'mass-flow', toBase: { scale: 1, offset: 0 }, aliases: [] },
  scaled('kg/h', 'mass-flow', 1 / 3600, ['kg/hr']),
  scaled('t/h', 'mass-flow', 1 / 3.6, ['t/hr', 'tph']),
  {
    symbol: 'lbm/s',
    dimension: 'mass-flow',
    toBase: { scale: 0.45359237, offset: 0 },
    fromBase: { scale: 1 / 0.45359237, offset: 0 },
    aliases: ['lb/s', 'pps'],
  },
  // C-MAPSS phi (fuel flow / Ps30): kept as its own dimension, nothing converts to it.
  { symbol: 'pps/psi', dimension: 'fuel-flow-ratio', toBase: { scale: 1, offset: 0 }, aliases: [] },
  // Running hours, cycle times.
  base('h', 'time', ['hr', 'hrs', 'hour', 'hours']),
  scaled('min', 'time', 1 / 60, ['minutes']),
  scaled('s', 'time', 1 / 3600, ['sec', 'seconds']),
  // Dimensionless: '' is a plain ratio (1 = the whole, a power factor of 0.92); '%' of it is ×0.01.
  { symbol: '', dimension: 'dimensionless', toBase: { scale: 1, offset: 0 }, aliases: ['-', '--', '1'] },
  { symbol: '%', dimension: 'dimensionless', toBase: { scale: 0.01, offset: 0 }, fromBase: { scale: 100, offset: 0 }, aliases: ['percent', 'pct'] },
  scaled('ppm', 'dimensionless', 1e-6, []),
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
