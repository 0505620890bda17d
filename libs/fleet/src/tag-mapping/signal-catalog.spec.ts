import { DEFAULT_SIGNALS, extendCatalog, validateCatalog } from './signal-catalog';
import { TagMappingErrorCode } from './tag-mapping.exception';

// Per-column min/max over train_FD001, train_FD003, test_FD001 and test_FD003 (all rows),
// computed with numpy (np.loadtxt, column min/max). The catalog ranges must enclose them,
// or every C-MAPSS engine would show out-of-range data from its first cycle.
const CMAPSS_OBSERVED: Record<string, [number, number]> = {
  op_setting_1: [-0.0087, 0.0087],
  op_setting_2: [-0.0006, 0.0007],
  op_setting_3: [100, 100],
  cmapss_s1: [518.67, 518.67],
  cmapss_s2: [640.84, 645.11],
  cmapss_s3: [1564.3, 1616.91],
  cmapss_s4: [1377.06, 1441.49],
  cmapss_s5: [14.62, 14.62],
  cmapss_s6: [21.45, 21.61],
  cmapss_s7: [549.55, 570.49],
  cmapss_s8: [2386.9, 2388.6],
  cmapss_s9: [9017.98, 9244.59],
  cmapss_s10: [1.29, 1.32],
  cmapss_s11: [46.65, 48.53],
  cmapss_s12: [517.67, 537.4],
  cmapss_s13: [2386.93, 2388.61],
  cmapss_s14: [8099.68, 8293.72],
  cmapss_s15: [8.1563, 8.5848],
  cmapss_s16: [0.03, 0.03],
  cmapss_s17: [387, 400],
  cmapss_s18: [2388, 2388],
  cmapss_s19: [100, 100],
  cmapss_s20: [38.14, 39.85],
  cmapss_s21: [22.8726, 23.9505],
};

describe('default signal catalog', () => {
  const byName = new Map(DEFAULT_SIGNALS.map((s) => [s.name, s]));

  it("holds DESIGN.md's eight plant signals with their units and ranges", () => {
    const plant = DEFAULT_SIGNALS.slice(0, 8).map(({ name, unit, min, max }) => [name, unit, min, max]);
    expect(plant).toEqual([
      ['vibration_rms', 'mm/s', 0, 100],
      ['bearing_temp', '°C', -40, 200],
      ['winding_temp', '°C', -40, 250],
      ['motor_current', 'A', 0, 2000],
      ['power', 'kW', 0, 5000],
      ['speed', 'rpm', 0, 20000],
      ['pressure', 'bar', 0, 400],
      ['flow', 'm³/h', 0, 10000],
    ]);
  });

  it('holds op_setting_1..3 and cmapss_s1..21 with ranges enclosing the C-MAPSS data', () => {
    expect(DEFAULT_SIGNALS).toHaveLength(8 + 3 + 21);
    for (const [name, [lo, hi]] of Object.entries(CMAPSS_OBSERVED)) {
      const s = byName.get(name);
      expect(s).toBeDefined();
      expect(s!.min).toBeLessThanOrEqual(lo);
      expect(s!.max).toBeGreaterThanOrEqual(hi);
    }
  });

  it('is itself valid and cannot be mutated by a caller', () => {
    expect(validateCatalog(DEFAULT_SIGNALS)).toEqual([]);
    expect(() => {
      (DEFAULT_SIGNALS[0] as { max: number }).max = 1;
    }).toThrow(TypeError);
  });
});

describe('validateCatalog / extendCatalog', () => {
  const oil = { name: 'oil_temp', unit: 'degC', min: -20, max: 150, description: 'Gearbox oil temperature' };

  it('extends the catalog, normalising the unit', () => {
    const extended = extendCatalog(DEFAULT_SIGNALS, [oil]);
    expect(extended).toHaveLength(DEFAULT_SIGNALS.length + 1);
    expect(extended.at(-1)).toEqual({ ...oil, unit: '°C' });
  });

  it('refuses redefining an existing signal', () => {
    expect(() => extendCatalog(DEFAULT_SIGNALS, [{ ...oil, name: 'bearing_temp' }])).toThrow(
      expect.objectContaining({
        code: TagMappingErrorCode.InvalidCatalog,
        details: [{ field: 'signals[0].name', message: 'signal "bearing_temp" already exists in the catalog' }],
      }),
    );
  });

  it('names each broken field', () => {
    const errors = validateCatalog([
      { name: 'Bad Name', unit: 'mm/s', min: 0, max: 1, description: '' },
      { name: 'x', unit: 'cubits', min: 0, max: 1, description: '' },
      { name: 'y', unit: 'bar', min: 5, max: 5, description: '' },
      { name: 'y', unit: 'bar', min: 0, max: 5, description: '' },
    ]);
    expect(errors.map((e) => e.field)).toEqual(['signals[0].name', 'signals[1].unit', 'signals[2].min', 'signals[3].name']);
  });

  it('takes an optional nominal interval of whole milliseconds up to a day', () => {
    expect(validateCatalog([{ ...oil, nominalIntervalMs: 10_000 }])).toEqual([]);
    const bad = validateCatalog([0, 1.5, 86_400_001].map((nominalIntervalMs, i) => ({ ...oil, name: `s${i}`, nominalIntervalMs })));
    expect(bad.map((e) => e.field)).toEqual(['signals[0].nominalIntervalMs', 'signals[1].nominalIntervalMs', 'signals[2].nominalIntervalMs']);
  });
});
