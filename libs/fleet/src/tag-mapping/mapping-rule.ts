import { CMAPSS_SENSOR_COUNT } from './signal-catalog';

/**
 * How a rule recognises a raw tag. `exact` aliases compare case-insensitively after trimming
 * and collapsing inner whitespace; `pattern` is a regex source, anchored (^…$) and
 * case-insensitive, tested on the trimmed tag. A tag matches when either matches.
 */
export interface RuleMatch {
  exact?: string[];
  pattern?: string;
}

/**
 * Where a rule applies: every field that is set must equal the machine's (case-insensitive).
 * A rule without scope applies to every machine.
 */
export interface RuleScope {
  site?: string;
  machineModel?: string;
  manufacturer?: string;
}

export interface MappingRule {
  id: string;
  /** Canonical signal name from the catalog. */
  signal: string;
  match: RuleMatch;
  /** The unit the raw tag is recorded in; converted to the signal's unit at ingest. */
  unit: string;
  scope?: RuleScope;
  /** Higher wins over lower (default 0); see resolveTags for the full precedence. */
  priority?: number;
  description?: string;
}

/** Rule sets are immutable: a change is a new version, old versions stay readable. */
export interface RuleSet {
  version: number;
  rules: MappingRule[];
}

/**
 * C-MAPSS engines are imported as machines of this manufacturer (machine model
 * `C-MAPSS-FD001` etc.). The sensor aliases `s1`…`s21` and `setting1`…`setting3` are too
 * generic to apply fleet-wide, so the default rules scope them to it.
 */
export const CMAPSS_MANUFACTURER = 'NASA';

/** The machine model the C-MAPSS importer gives an engine of one data set ('FD001' → 'C-MAPSS-FD001'). */
export function cmapssMachineModel(dataSet: string): string {
  return `C-MAPSS-${dataSet.toUpperCase()}`;
}

// Convention A: `<MODEL>_<WHAT>`, MODEL an alphanumeric model code (P200, K3, …).
const MODEL = '[a-z0-9]+';

const PLANT_RULES: MappingRule[] = [
  { id: 'a.vibration_rms', signal: 'vibration_rms', match: { pattern: `${MODEL}_VIB_01` }, unit: 'mm/s' },
  { id: 'a.bearing_temp', signal: 'bearing_temp', match: { pattern: `${MODEL}_BRG_TEMP_F` }, unit: '°F' },
  { id: 'a.winding_temp', signal: 'winding_temp', match: { pattern: `${MODEL}_WDG_TEMP_F` }, unit: '°F' },
  { id: 'a.motor_current', signal: 'motor_current', match: { pattern: `${MODEL}_CUR_A` }, unit: 'A' },
  { id: 'a.power', signal: 'power', match: { pattern: `${MODEL}_PWR_W` }, unit: 'W' },
  { id: 'a.speed', signal: 'speed', match: { pattern: `${MODEL}_RPM` }, unit: 'rpm' },
  { id: 'a.pressure', signal: 'pressure', match: { pattern: `${MODEL}_PRES_PSI` }, unit: 'psi' },
  { id: 'a.flow', signal: 'flow', match: { pattern: `${MODEL}_FLOW` }, unit: 'm³/h' },

  // Convention B: short lower-case names, already in canonical units.
  { id: 'b.vibration_rms', signal: 'vibration_rms', match: { exact: ['vib1'] }, unit: 'mm/s' },
  { id: 'b.bearing_temp', signal: 'bearing_temp', match: { exact: ['brg_t'] }, unit: '°C' },
  { id: 'b.winding_temp', signal: 'winding_temp', match: { exact: ['wdg_t'] }, unit: '°C' },
  { id: 'b.motor_current', signal: 'motor_current', match: { exact: ['amps'] }, unit: 'A' },
  { id: 'b.power', signal: 'power', match: { exact: ['kw'] }, unit: 'kW' },
  { id: 'b.speed', signal: 'speed', match: { exact: ['rpm'] }, unit: 'rpm' },
  { id: 'b.pressure', signal: 'pressure', match: { exact: ['press'] }, unit: 'bar' },
  { id: 'b.flow', signal: 'flow', match: { exact: ['flow'] }, unit: 'm³/h' },

  // Convention C: descriptive names carrying their unit.
  { id: 'c.vibration_rms', signal: 'vibration_rms', match: { exact: ['Vibration (in/s)'] }, unit: 'in/s' },
  { id: 'c.bearing_temp', signal: 'bearing_temp', match: { exact: ['Bearing Temperature (°C)'] }, unit: '°C' },
  { id: 'c.winding_temp', signal: 'winding_temp', match: { exact: ['Winding Temperature (°C)'] }, unit: '°C' },
  { id: 'c.motor_current', signal: 'motor_current', match: { exact: ['Motor Current (A)'] }, unit: 'A' },
  { id: 'c.power', signal: 'power', match: { exact: ['Power (kW)'] }, unit: 'kW' },
  { id: 'c.speed', signal: 'speed', match: { exact: ['Shaft Speed (rpm)'] }, unit: 'rpm' },
  { id: 'c.pressure', signal: 'pressure', match: { exact: ['Discharge Pressure (bar)'] }, unit: 'bar' },
  { id: 'c.flow', signal: 'flow', match: { exact: ['Flow (m3/h)', 'Flow (m³/h)'] }, unit: 'm³/h' },
];

// The C-MAPSS files carry no units; the rules record the catalog's units (the paper's), so no conversion.
const CMAPSS_SCOPE: RuleScope = { manufacturer: CMAPSS_MANUFACTURER };
const CMAPSS_SENSOR_UNITS = [
  '°R',
  '°R',
  '°R',
  '°R',
  'psia',
  'psia',
  'psia',
  'rpm',
  'rpm',
  '',
  'psia',
  'pps/psi',
  'rpm',
  'rpm',
  '',
  '',
  '',
  'rpm',
  '%',
  'lbm/s',
  'lbm/s',
];
if (CMAPSS_SENSOR_UNITS.length !== CMAPSS_SENSOR_COUNT) throw new Error('C-MAPSS sensor units out of step with the catalog');

const CMAPSS_RULES: MappingRule[] = [
  ...[1, 2, 3].map((i) => ({
    id: `cmapss.op_setting_${i}`,
    signal: `op_setting_${i}`,
    match: { exact: [`setting${i}`, `op_setting_${i}`] },
    unit: '',
    scope: CMAPSS_SCOPE,
  })),
  ...CMAPSS_SENSOR_UNITS.map((unit, k) => ({
    id: `cmapss.s${k + 1}`,
    signal: `cmapss_s${k + 1}`,
    match: { exact: [`s${k + 1}`] },
    unit,
    scope: CMAPSS_SCOPE,
  })),
];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Resolves DESIGN.md's conventions A, B and C and the C-MAPSS sensors (scoped to NASA machines). */
export const DEFAULT_RULES: readonly MappingRule[] = deepFreeze([...PLANT_RULES, ...CMAPSS_RULES]);

export const DEFAULT_RULE_SET: Readonly<RuleSet> = deepFreeze({ version: 1, rules: [...DEFAULT_RULES] });
