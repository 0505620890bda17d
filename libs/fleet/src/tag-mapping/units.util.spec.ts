import { TagMappingErrorCode, TagMappingException } from './tag-mapping.exception';
import { areConvertible, canonicalUnit, convert, convertArray, converter, isKnownUnit, isSameUnit } from './units.util';

// Reference values computed independently (by hand and with numpy):
// 1 psi = 0.45359237 kg · 9.80665 m/s² / 0.0254² m² = 6894.757293168361 Pa → 14.5038 psi = 1.0000018 bar,
// 100 psi = 6.894757293168361 bar; (98.6 − 32)·5/9 = 37; 518.67 °R · 5/9 − 273.15 = 15 °C (ISA sea level).
// Everyday plant units, from their definitions: 1 Hz = 60 rpm; 1 g = 9.80665 m/s² (exact, CGPM 1901);
// 1 US gal = 3.785411784 l, so 100 gpm = 378.5411784 l/min = 22.71247070 m³/h; 1 hp = 745.69987158227022 W;
// 1 mil = 25.4 µm; 1 MJ = 1/3.6 kWh.

describe('unit conversion', () => {
  it.each([
    [212, '°F', '°C', 100],
    [32, 'degF', 'degC', 0],
    [98.6, 'F', 'C', 37],
    [-40, '°F', '°C', -40],
    [100, '°C', '°F', 212],
    [273.15, 'K', '°C', 0],
    [0, '°C', 'K', 273.15],
    [518.67, '°R', '°C', 15],
    [1, 'in/s', 'mm/s', 25.4],
    [0.5, 'ips', 'mm/s', 12.7],
    [25.4, 'mm/s', 'in/s', 1],
    [14.5038, 'psi', 'bar', 1.0000018082865527],
    [100, 'psi', 'bar', 6.894757293168361],
    [1, 'bar', 'psi', 14.503773773020923],
    [1, 'kW', 'W', 1000],
    [2500, 'W', 'kW', 2.5],
    [250, 'kPa', 'bar', 2.5],
    [1, 'l/s', 'm3/h', 3.6],
    [50, 'Hz', 'rpm', 3000],
    [1480, 'rpm', 'Hz', 24.666666666666668],
    [1, 'kHz', 'Hz', 1000],
    [1, 'g', 'm/s²', 9.80665],
    [19.6133, 'm/s2', 'g', 2],
    [1000, 'mm/s²', 'm/s²', 1],
    [400, 'V', 'kV', 0.4],
    [6.6, 'kV', 'V', 6600],
    [250, 'mV', 'V', 0.25],
    [1.2, 'kA', 'A', 1200],
    [100, 'gpm', 'm³/h', 22.712470704],
    [60, 'm3/min', 'm³/h', 3600],
    [1, 'm³/s', 'l/s', 1000],
    [500, 'l/h', 'l/min', 8.333333333333334],
    [100, 'hp', 'kW', 74.569987158227022],
    [1500, 'mbar', 'bar', 1.5],
    [101325, 'Pa', 'kPa', 101.325],
    [1, 'mil', 'µm', 25.4],
    [2, 'mm', 'mil', 78.74015748031496],
    [1, 'm', 'mm', 1000],
    [3.6, 'MJ', 'kWh', 1],
    [2500, 'Wh', 'kWh', 2.5],
    [3600, 't/h', 'kg/s', 1000],
    [36, 'kg/h', 'kg/s', 0.01],
    [2, 'MΩ', 'kΩ', 2000],
    [1.5, 'kNm', 'N·m', 1500],
    [90, 'min', 'h', 1.5],
    [45, '%', '', 0.45],
    [0.92, '', '%', 92],
    [2500, 'ppm', '%', 0.25],
  ])('%p %s = %p %s', (value, from, to, expected) => {
    expect(convert(value, from, to)).toBeCloseTo(expected, 10);
  });

  it('gives the textbook affine maps', () => {
    const f2c = converter('°F', '°C');
    expect(f2c.scale).toBeCloseTo(5 / 9, 15);
    expect(f2c.offset).toBeCloseTo(-160 / 9, 13);
    expect(converter('°C', '°F')).toEqual({ scale: 1.8, offset: 32 });
    expect(converter('K', '°C')).toEqual({ scale: 1, offset: -273.15 });
    expect(converter('in/s', 'mm/s')).toEqual({ scale: 25.4, offset: 0 });
    expect(converter('W', 'kW')).toEqual({ scale: 0.001, offset: 0 });
    expect(converter('kW', 'W')).toEqual({ scale: 1000, offset: 0 });
  });

  it('round-trips every pair within a dimension', () => {
    for (const [a, b] of [
      ['°F', 'K'],
      ['°R', '°F'],
      ['psi', 'MPa'],
      ['in/s', 'm/s'],
      ['l/min', 'l/s'],
      ['lbm/s', 'kg/s'],
      ['W', 'MW'],
      ['Hz', 'rpm'],
      ['g', 'mm/s²'],
      ['gpm', 'l/s'],
      ['hp', 'W'],
      ['kV', 'mV'],
      ['mil', 'm'],
      ['kg/h', 'lbm/s'],
      ['ppm', '%'],
    ]) {
      expect(convert(convert(123.456, a, b), b, a)).toBeCloseTo(123.456, 9);
    }
  });

  it('treats spellings of one unit as identity', () => {
    expect(converter('degC', '°C')).toEqual({ scale: 1, offset: 0 });
    expect(converter('m3/h', 'm³/h')).toEqual({ scale: 1, offset: 0 });
    expect(converter('', '')).toEqual({ scale: 1, offset: 0 });
    expect(isSameUnit(' rpm ', 'RPM')).toBe(true);
    expect(isSameUnit('kW', 'W')).toBe(false);
    expect(canonicalUnit('m3/h')).toBe('m³/h');
    expect(canonicalUnit('degF')).toBe('°F');
    expect(canonicalUnit('-')).toBe('');
  });

  it('accepts the documented spellings', () => {
    for (const u of ['°C', 'degC', 'C', '°F', 'degF', 'F', 'mm/s', 'in/s', 'bar', 'psi', 'kW', 'W', 'A', 'rpm', 'm³/h', 'm3/h', 'K', '']) {
      expect(isKnownUnit(u)).toBe(true);
    }
  });

  it('knows the everyday plant units and their usual spellings', () => {
    for (const u of [
      'V',
      'kV',
      'A',
      'kA',
      'kW',
      'hp',
      'kVA',
      'kvar',
      'kWh',
      'bar',
      'mbar',
      'kPa',
      'psig',
      'mm/s',
      'g',
      'm/s2',
      'µm',
      'um',
      'mil',
      'rpm',
      'Hz',
      '%',
      'ppm',
      'm3/h',
      'gpm',
      'l/h',
      'kg/h',
      't/h',
      'Nm',
      'ohm',
      'MOhm',
      'h',
      's',
    ]) {
      expect(isKnownUnit(u)).toBe(true);
    }
    expect(canonicalUnit('m/s2')).toBe('m/s²');
    expect(canonicalUnit('um')).toBe('µm');
    expect(canonicalUnit('Nm')).toBe('N·m');
    expect(canonicalUnit('1/s')).toBe('Hz');
  });

  it('keeps units of different quantities apart', () => {
    // Apparent and reactive power need the power factor to become kW; voltage is not current.
    expect(areConvertible('kVA', 'kW')).toBe(false);
    expect(areConvertible('kvar', 'kVA')).toBe(false);
    expect(areConvertible('V', 'A')).toBe(false);
    // g is acceleration, not velocity (mm/s) nor a mass.
    expect(areConvertible('g', 'mm/s')).toBe(false);
    expect(() => converter('Hz', 'bar')).toThrow(/cannot convert "Hz" \(frequency\) to "bar" \(pressure\)/);
  });

  it('refuses unknown units with a clear code', () => {
    expect(isKnownUnit('furlong/fortnight')).toBe(false);
    // 'mW' is not 'MW': no case folding on unit symbols.
    expect(isKnownUnit('mW')).toBe(false);
    expect(() => converter('furlong/fortnight', 'mm/s')).toThrow(/unknown unit "furlong\/fortnight"/);
    expect(() => converter('bar', 'parsec')).toThrow(TagMappingException);
    expect(() => converter('bar', 'parsec')).toThrow(expect.objectContaining({ code: TagMappingErrorCode.UnknownUnit, kind: 'invalid' }));
  });

  it('refuses incompatible pairs', () => {
    expect(areConvertible('°C', 'bar')).toBe(false);
    expect(areConvertible('psi', 'bar')).toBe(true);
    expect(() => converter('°C', 'bar')).toThrow(/cannot convert "°C" \(temperature\) to "bar" \(pressure\)/);
    expect(() => converter('kW', 'A')).toThrow(expect.objectContaining({ code: TagMappingErrorCode.IncompatibleUnits }));
  });
});

describe('convertArray', () => {
  it('converts a whole series and keeps missing samples missing', () => {
    const raw = Float32Array.from([32, 212, NaN, -40]);
    const out = convertArray(raw, converter('°F', '°C'));
    expect(Array.from(out.subarray(0, 2)).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([0, 100]);
    expect(Number.isNaN(out[2])).toBe(true);
    expect(out[3]).toBeCloseTo(-40, 4);
    expect(raw[1]).toBe(212); // input untouched
  });

  it('converts in place when asked', () => {
    const raw = Float32Array.from([1, 2]);
    const out = convertArray(raw, converter('in/s', 'mm/s'), raw);
    expect(out).toBe(raw);
    expect(Array.from(raw)).toEqual([Math.fround(25.4), Math.fround(50.8)]);
  });

  it('copies for identity (null) and refuses a mismatched output', () => {
    const raw = Float32Array.from([1, NaN]);
    const out = convertArray(raw, null);
    expect(out).not.toBe(raw);
    expect(out[0]).toBe(1);
    expect(() => convertArray(raw, null, new Float32Array(3))).toThrow(RangeError);
  });
});
