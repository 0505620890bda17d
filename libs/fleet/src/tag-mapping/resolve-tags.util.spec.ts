import { CMAPSS_MANUFACTURER, DEFAULT_RULES, DEFAULT_RULE_SET, MappingRule, RuleSet, cmapssMachineModel } from './mapping-rule';
import { MachineTags, TagResolution, resolveTags, tagResolver } from './resolve-tags.util';
import { DEFAULT_SIGNALS } from './signal-catalog';
import { convertArray } from './units.util';

// psi → bar: 6894.757293168361 Pa per psi / 1e5 (computed independently, see units.util.spec.ts).
const PSI_TO_BAR = 0.0689475729316836;

function machine(rawTags: string[], over: Partial<MachineTags> = {}): MachineTags {
  return { assetId: 'PLT1-P200-0007', site: 'PLT1', machineModel: 'P200', manufacturer: 'Acme Pumps', rawTags, ...over };
}

function withRules(...extra: MappingRule[]): RuleSet {
  return { version: 2, rules: [...DEFAULT_RULES, ...extra] };
}

/** rawTag → [signal, scale, offset] ('=' for identity), rounded so expectations stay readable. */
function table(res: TagResolution): Record<string, [string, number | '=', number | '=']> {
  const out: Record<string, [string, number | '=', number | '=']> = {};
  for (const m of res.mapped) out[m.rawTag] = [m.signal, m.conversion ? m.conversion.scale : '=', m.conversion ? m.conversion.offset : '='];
  return out;
}

function placesOf(res: TagResolution): string[] {
  return [...res.mapped.map((m) => m.rawTag), ...res.unmapped, ...res.ambiguous.map((a) => a.rawTag), ...res.duplicateSignals.flatMap((d) => d.rawTags)];
}

describe('resolveTags with the default rules', () => {
  it('maps convention A (<MODEL>_…) with °F→°C, W→kW and psi→bar conversions', () => {
    const tags = ['P200_VIB_01', 'P200_BRG_TEMP_F', 'P200_WDG_TEMP_F', 'P200_CUR_A', 'P200_PWR_W', 'P200_RPM', 'P200_PRES_PSI', 'P200_FLOW'];
    const res = resolveTags(machine([...tags, 'P200_DOOR_OPEN']), DEFAULT_RULE_SET, DEFAULT_SIGNALS);
    const t = table(res);
    expect(t['P200_VIB_01']).toEqual(['vibration_rms', '=', '=']);
    expect(t['P200_BRG_TEMP_F'][0]).toBe('bearing_temp');
    expect(t['P200_BRG_TEMP_F'][1]).toBeCloseTo(5 / 9, 12);
    expect(t['P200_BRG_TEMP_F'][2]).toBeCloseTo(-160 / 9, 12);
    expect(t['P200_WDG_TEMP_F'][0]).toBe('winding_temp');
    expect(t['P200_CUR_A']).toEqual(['motor_current', '=', '=']);
    expect(t['P200_PWR_W']).toEqual(['power', 0.001, 0]);
    expect(t['P200_RPM']).toEqual(['speed', '=', '=']);
    expect(t['P200_PRES_PSI'][0]).toBe('pressure');
    expect(t['P200_PRES_PSI'][1]).toBeCloseTo(PSI_TO_BAR, 14);
    expect(t['P200_FLOW']).toEqual(['flow', '=', '=']);
    expect(res.unmapped).toEqual(['P200_DOOR_OPEN']);
    expect(res.ambiguous).toEqual([]);
    expect(res.duplicateSignals).toEqual([]);
    expect(res.version).toBe(1);

    const brg = res.mapped.find((m) => m.rawTag === 'P200_BRG_TEMP_F')!;
    expect(brg).toMatchObject({ rawUnit: '°F', unit: '°C', ruleId: 'a.bearing_temp', overriddenRuleIds: [] });
    // The conversion applied to a recorded series gives the values an engineer expects.
    const celsius = convertArray(Float32Array.from([212, 32, NaN]), brg.conversion);
    expect(celsius[0]).toBeCloseTo(100, 4);
    expect(celsius[1]).toBeCloseTo(0, 4);
    expect(Number.isNaN(celsius[2])).toBe(true);
  });

  it('accepts any alphanumeric model code in convention A, but only the whole tag', () => {
    const res = resolveTags(
      machine(['K3X_VIB_01', 'p200_rpm', 'XP-200_FLOW', 'P200_VIB_01_OLD', 'P200_VIB_02'], { machineModel: 'K3X' }),
      DEFAULT_RULE_SET,
      DEFAULT_SIGNALS,
    );
    expect(Object.keys(table(res))).toEqual(['K3X_VIB_01', 'p200_rpm']);
    expect(res.unmapped).toEqual(['XP-200_FLOW', 'P200_VIB_01_OLD', 'P200_VIB_02']);
  });

  it('maps convention B (short names, canonical units) without conversion', () => {
    const res = resolveTags(machine(['vib1', 'brg_t', 'wdg_t', 'amps', 'kw', 'rpm', 'press', 'flow', 'vib10']), DEFAULT_RULE_SET, DEFAULT_SIGNALS);
    expect(table(res)).toEqual({
      vib1: ['vibration_rms', '=', '='],
      brg_t: ['bearing_temp', '=', '='],
      wdg_t: ['winding_temp', '=', '='],
      amps: ['motor_current', '=', '='],
      kw: ['power', '=', '='],
      rpm: ['speed', '=', '='],
      press: ['pressure', '=', '='],
      flow: ['flow', '=', '='],
    });
    expect(res.unmapped).toEqual(['vib10']);
  });

  it('maps convention C (descriptive names) with in/s→mm/s', () => {
    const tags = [
      'Vibration (in/s)',
      'Bearing Temperature (°C)',
      'Winding Temperature (°C)',
      'Motor Current (A)',
      'Power (kW)',
      'Shaft Speed (rpm)',
      'Discharge Pressure (bar)',
      'Flow (m3/h)',
    ];
    const res = resolveTags(machine(tags), DEFAULT_RULE_SET, DEFAULT_SIGNALS);
    expect(table(res)).toEqual({
      'Vibration (in/s)': ['vibration_rms', 25.4, 0],
      'Bearing Temperature (°C)': ['bearing_temp', '=', '='],
      'Winding Temperature (°C)': ['winding_temp', '=', '='],
      'Motor Current (A)': ['motor_current', '=', '='],
      'Power (kW)': ['power', '=', '='],
      'Shaft Speed (rpm)': ['speed', '=', '='],
      'Discharge Pressure (bar)': ['pressure', '=', '='],
      'Flow (m3/h)': ['flow', '=', '='],
    });
    expect(res.mapped[0]).toMatchObject({ rawUnit: 'in/s', unit: 'mm/s' });
  });

  it('matches aliases regardless of case and stray whitespace, reporting the tag as recorded', () => {
    const res = resolveTags(machine([' VIB1 ', 'bearing  temperature (°C)']), DEFAULT_RULE_SET, DEFAULT_SIGNALS);
    expect(Object.keys(table(res))).toEqual([' VIB1 ', 'bearing  temperature (°C)']);
  });

  it('maps C-MAPSS sensors only on C-MAPSS machines', () => {
    const cmapssTags = ['setting1', 'setting2', 'setting3', ...Array.from({ length: 21 }, (_, i) => `s${i + 1}`)];
    const engine = resolveTags(
      { assetId: 'FD001-001', site: 'NASA-Ames', machineModel: cmapssMachineModel('FD001'), manufacturer: CMAPSS_MANUFACTURER, rawTags: cmapssTags },
      DEFAULT_RULE_SET,
      DEFAULT_SIGNALS,
    );
    expect(engine.unmapped).toEqual([]);
    expect(engine.mapped.map((m) => m.signal)).toEqual([
      'op_setting_1',
      'op_setting_2',
      'op_setting_3',
      ...Array.from({ length: 21 }, (_, i) => `cmapss_s${i + 1}`),
    ]);
    expect(engine.mapped.every((m) => m.conversion === null)).toBe(true);
    expect(engine.mapped.find((m) => m.rawTag === 's3')).toMatchObject({ unit: '°R', ruleId: 'cmapss.s3' });

    const pump = resolveTags(machine(['s1', 'setting1', 'op_setting_1', 'vib1']), DEFAULT_RULE_SET, DEFAULT_SIGNALS);
    expect(pump.unmapped).toEqual(['s1', 'setting1', 'op_setting_1']);
    expect(pump.mapped.map((m) => m.rawTag)).toEqual(['vib1']);
  });

  it('gives the same answer through a resolver compiled once for many machines', () => {
    const resolve = tagResolver(DEFAULT_RULE_SET, DEFAULT_SIGNALS);
    const a = machine(['P200_BRG_TEMP_F', 'x']);
    const b = machine(['s1'], { assetId: 'FD001-001', manufacturer: CMAPSS_MANUFACTURER });
    expect(resolve(a)).toEqual(resolveTags(a, DEFAULT_RULE_SET, DEFAULT_SIGNALS));
    expect(resolve(b).mapped.map((m) => m.signal)).toEqual(['cmapss_s1']);
    expect(resolve(b).assetId).toBe('FD001-001');
  });

  it('puts every raw tag in exactly one place, once', () => {
    const tags = ['P200_VIB_01', 'vib1', 'brg_t', 'brg_t', 'foo', 'Power (kW)', 's4'];
    const res = resolveTags(machine(tags), DEFAULT_RULE_SET, DEFAULT_SIGNALS);
    expect(placesOf(res).sort()).toEqual([...new Set(tags)].sort());
  });
});

describe('resolveTags never guesses', () => {
  it('reports a tag claimed by two rules at the same precedence as ambiguous, and does not map it', () => {
    const rival: MappingRule = { id: 'ops.vib1-is-current', signal: 'motor_current', match: { exact: ['vib1'] }, unit: 'A' };
    const res = resolveTags(machine(['vib1', 'brg_t']), withRules(rival), DEFAULT_SIGNALS);
    expect(res.ambiguous).toEqual([
      {
        rawTag: 'vib1',
        candidates: [
          { ruleId: 'b.vibration_rms', signal: 'vibration_rms', rawUnit: 'mm/s' },
          { ruleId: 'ops.vib1-is-current', signal: 'motor_current', rawUnit: 'A' },
        ],
      },
    ]);
    expect(res.mapped.map((m) => m.rawTag)).toEqual(['brg_t']);
    expect(res.version).toBe(2);
  });

  it('also reports two rules that agree on the signal but not on the raw unit', () => {
    const inches: MappingRule = { id: 'ops.vib1-inches', signal: 'vibration_rms', match: { pattern: 'vib\\d' }, unit: 'in/s' };
    const res = resolveTags(machine(['vib1']), withRules(inches), DEFAULT_SIGNALS);
    expect(res.ambiguous[0].candidates.map((c) => c.rawUnit)).toEqual(['mm/s', 'in/s']);
    expect(res.mapped).toEqual([]);
  });

  it('lets rules that say the same thing coexist (first listed is named)', () => {
    const same: MappingRule = { id: 'ops.vib1-again', signal: 'vibration_rms', match: { exact: ['VIB1'] }, unit: 'mm/s' };
    const res = resolveTags(machine(['vib1']), withRules(same), DEFAULT_SIGNALS);
    expect(res.ambiguous).toEqual([]);
    expect(res.mapped[0]).toMatchObject({ signal: 'vibration_rms', ruleId: 'b.vibration_rms', conversion: null });
  });

  it('reports two raw tags claiming one signal and maps neither', () => {
    const res = resolveTags(machine(['P200_VIB_01', 'vib1', 'P200_RPM']), DEFAULT_RULE_SET, DEFAULT_SIGNALS);
    expect(res.duplicateSignals).toEqual([{ signal: 'vibration_rms', rawTags: ['P200_VIB_01', 'vib1'] }]);
    expect(res.mapped.map((m) => m.rawTag)).toEqual(['P200_RPM']);
    expect(res.unmapped).toEqual([]);
  });
});

describe('resolveTags scope and precedence', () => {
  // Site PLT9 records its bearing temperature as "temp", in kelvin.
  const plt9: MappingRule = { id: 'plt9.temp', signal: 'bearing_temp', match: { exact: ['temp'] }, unit: 'K', scope: { site: 'PLT9' } };
  const k300: MappingRule = { id: 'k300.vib', signal: 'vibration_rms', match: { pattern: 'vib_[xy]' }, unit: 'in/s', scope: { machineModel: 'K300' } };
  const globex: MappingRule = { id: 'globex.kw', signal: 'power', match: { exact: ['kw'] }, unit: 'W', scope: { manufacturer: 'Globex' } };

  it('applies a site rule at that site only', () => {
    const rules = withRules(plt9);
    const there = resolveTags(machine(['temp'], { site: 'plt9' }), rules, DEFAULT_SIGNALS);
    expect(there.mapped[0]).toMatchObject({ signal: 'bearing_temp', rawUnit: 'K', conversion: { scale: 1, offset: -273.15 } });
    expect(resolveTags(machine(['temp']), rules, DEFAULT_SIGNALS).unmapped).toEqual(['temp']);
  });

  it('applies a machine-model rule to that model only', () => {
    const rules = withRules(k300);
    expect(resolveTags(machine(['vib_x'], { machineModel: 'K300' }), rules, DEFAULT_SIGNALS).mapped[0]).toMatchObject({
      signal: 'vibration_rms',
      conversion: { scale: 25.4, offset: 0 },
    });
    expect(resolveTags(machine(['vib_x']), rules, DEFAULT_SIGNALS).unmapped).toEqual(['vib_x']);
  });

  it('lets a narrower scope override a fleet-wide rule, and says so', () => {
    const rules = withRules(globex);
    const theirs = resolveTags(machine(['kw'], { manufacturer: 'GLOBEX' }), rules, DEFAULT_SIGNALS);
    expect(theirs.mapped[0]).toMatchObject({
      signal: 'power',
      rawUnit: 'W',
      conversion: { scale: 0.001, offset: 0 },
      ruleId: 'globex.kw',
      overriddenRuleIds: ['b.power'],
    });
    const ours = resolveTags(machine(['kw']), rules, DEFAULT_SIGNALS);
    expect(ours.mapped[0]).toMatchObject({ ruleId: 'b.power', conversion: null, overriddenRuleIds: [] });
  });

  it('ranks priority above scope', () => {
    const fleetWide: MappingRule = { id: 'hq.kw-in-watts', signal: 'power', match: { exact: ['kw'] }, unit: 'W', priority: 1 };
    const res = resolveTags(machine(['kw'], { manufacturer: 'Globex' }), withRules(globex, { ...fleetWide, unit: 'MW' }), DEFAULT_SIGNALS);
    expect(res.mapped[0]).toMatchObject({ ruleId: 'hq.kw-in-watts', rawUnit: 'MW', overriddenRuleIds: ['globex.kw', 'b.power'] });
  });

  it('calls two equally narrow scopes that disagree ambiguous', () => {
    const bySite: MappingRule = { id: 'plt1.amps', signal: 'motor_current', match: { exact: ['amps'] }, unit: 'mA', scope: { site: 'PLT1' } };
    const byModel: MappingRule = { id: 'p200.amps', signal: 'motor_current', match: { exact: ['amps'] }, unit: 'A', scope: { machineModel: 'P200' } };
    const res = resolveTags(machine(['amps']), withRules(bySite, byModel), DEFAULT_SIGNALS);
    expect(res.ambiguous[0].candidates.map((c) => c.ruleId)).toEqual(['plt1.amps', 'p200.amps']);
  });

  it('does not apply a scoped rule to a machine missing that attribute', () => {
    const res = resolveTags(machine(['temp'], { site: null }), withRules(plt9), DEFAULT_SIGNALS);
    expect(res.unmapped).toEqual(['temp']);
  });
});
