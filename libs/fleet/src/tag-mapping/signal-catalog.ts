import { FieldError, TagMappingErrorCode, TagMappingException } from './tag-mapping.exception';
import { canonicalUnit, isKnownUnit } from './units.util';

/**
 * The catalog entry of a canonical signal: what telemetry is stored as, after mapping and unit conversion.
 * [min, max] is the physically plausible range; values outside it count as out-of-range
 * in data quality (they are kept, not clipped).
 */
export interface SignalDefinition {
  name: string;
  unit: string;
  min: number;
  max: number;
  description: string;
  /** Sampling interval a series of it starts on when only live data fed it (ms; 1 min when absent). */
  nominalIntervalMs?: number;
}

export const DEFAULT_NOMINAL_INTERVAL_MS = 60_000;
const MAX_NOMINAL_INTERVAL_MS = 86_400_000;

export const SIGNAL_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

const PLANT_SIGNALS: SignalDefinition[] = [
  { name: 'vibration_rms', unit: 'mm/s', min: 0, max: 100, description: 'Overall vibration velocity, RMS' },
  { name: 'bearing_temp', unit: '°C', min: -40, max: 200, description: 'Bearing temperature' },
  { name: 'winding_temp', unit: '°C', min: -40, max: 250, description: 'Motor winding temperature' },
  { name: 'motor_current', unit: 'A', min: 0, max: 2000, description: 'Motor current' },
  { name: 'power', unit: 'kW', min: 0, max: 5000, description: 'Electrical power drawn' },
  { name: 'speed', unit: 'rpm', min: 0, max: 20000, description: 'Shaft speed' },
  { name: 'pressure', unit: 'bar', min: 0, max: 400, description: 'Discharge pressure' },
  { name: 'flow', unit: 'm³/h', min: 0, max: 10000, description: 'Volume flow' },
];

// NASA C-MAPSS turbofan data (Saxena et al., PHM08). The data files carry no units; the
// symbols and units are those of the paper's sensor table, kept as recorded (no conversion)
// because models trained on C-MAPSS expect the raw scale. Ranges enclose all four data sets
// (FD002/FD004 run at six flight conditions, so their values reach well below FD001's).
const CMAPSS_SENSORS: Array<[symbol: string, unit: string, min: number, max: number, what: string]> = [
  ['T2', '°R', 400, 600, 'total temperature at fan inlet'],
  ['T24', '°R', 450, 750, 'total temperature at LPC outlet'],
  ['T30', '°R', 1000, 1900, 'total temperature at HPC outlet'],
  ['T50', '°R', 900, 1700, 'total temperature at LPT outlet'],
  ['P2', 'psia', 0, 30, 'pressure at fan inlet'],
  ['P15', 'psia', 0, 40, 'total pressure in bypass duct'],
  ['P30', 'psia', 0, 800, 'total pressure at HPC outlet'],
  ['Nf', 'rpm', 0, 3000, 'physical fan speed'],
  ['Nc', 'rpm', 0, 12000, 'physical core speed'],
  ['epr', '', 0, 3, 'engine pressure ratio (P50/P2)'],
  ['Ps30', 'psia', 0, 80, 'static pressure at HPC outlet'],
  ['phi', 'pps/psi', 0, 800, 'ratio of fuel flow to Ps30'],
  ['NRf', 'rpm', 0, 3000, 'corrected fan speed'],
  ['NRc', 'rpm', 0, 12000, 'corrected core speed'],
  ['BPR', '', 0, 20, 'bypass ratio'],
  ['farB', '', 0, 0.1, 'burner fuel-air ratio'],
  ['htBleed', '', 0, 600, 'bleed enthalpy'],
  ['Nf_dmd', 'rpm', 0, 3000, 'demanded fan speed'],
  // The paper lists rpm, but the values sit at 100 (84.9 at partial throttle): percent of nominal.
  ['PCNfR_dmd', '%', 0, 150, 'demanded corrected fan speed'],
  ['W31', 'lbm/s', 0, 80, 'HPT coolant bleed'],
  ['W32', 'lbm/s', 0, 50, 'LPT coolant bleed'],
];

const CMAPSS_SETTINGS: SignalDefinition[] = [
  { name: 'op_setting_1', unit: '', min: -1, max: 50, description: 'C-MAPSS operational setting 1 (altitude, kft, in the six-condition sets)' },
  { name: 'op_setting_2', unit: '', min: -0.1, max: 1, description: 'C-MAPSS operational setting 2 (Mach number in the six-condition sets)' },
  { name: 'op_setting_3', unit: '', min: 0, max: 120, description: 'C-MAPSS operational setting 3 (throttle resolver angle)' },
];

export const CMAPSS_SENSOR_COUNT = CMAPSS_SENSORS.length;

const CMAPSS_SIGNALS: SignalDefinition[] = [
  ...CMAPSS_SETTINGS,
  ...CMAPSS_SENSORS.map(([symbol, unit, min, max, what], i) => ({
    name: `cmapss_s${i + 1}`,
    unit,
    min,
    max,
    description: `C-MAPSS sensor ${i + 1}: ${symbol}, ${what}`,
  })),
];

/** The default catalog: DESIGN.md's eight plant signals, then the C-MAPSS ones. */
export const DEFAULT_SIGNALS: readonly SignalDefinition[] = Object.freeze([...PLANT_SIGNALS, ...CMAPSS_SIGNALS].map((s) => Object.freeze(s)));

/** Problems with a catalog (bad names, unknown units, empty ranges, duplicates); [] when fine. */
export function validateCatalog(signals: readonly SignalDefinition[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  signals.forEach((s, i) => {
    const at = `signals[${i}]`;
    if (typeof s?.name !== 'string' || !SIGNAL_NAME_PATTERN.test(s.name)) {
      errors.push({ field: `${at}.name`, message: `signal name must match ${SIGNAL_NAME_PATTERN.source} (got ${JSON.stringify(s?.name)})` });
    } else if (seen.has(s.name)) {
      errors.push({ field: `${at}.name`, message: `signal "${s.name}" defined twice` });
    } else {
      seen.add(s.name);
    }
    if (!isKnownUnit(s?.unit)) errors.push({ field: `${at}.unit`, message: `unknown unit ${JSON.stringify(s?.unit)}` });
    if (!Number.isFinite(s?.min) || !Number.isFinite(s?.max) || !(s.min < s.max)) {
      errors.push({ field: `${at}.min`, message: `valid range must be finite with min < max (got ${s?.min}..${s?.max})` });
    }
    const interval = s?.nominalIntervalMs;
    if (interval !== undefined && !(Number.isInteger(interval) && interval >= 1 && interval <= MAX_NOMINAL_INTERVAL_MS)) {
      errors.push({
        field: `${at}.nominalIntervalMs`,
        message: `nominal interval must be whole milliseconds from 1 to ${MAX_NOMINAL_INTERVAL_MS} (got ${interval})`,
      });
    }
  });
  return errors;
}

/**
 * The catalog with `additions` appended, units normalised. Redefining an existing signal is
 * refused: telemetry already stored under its name and unit would silently change meaning.
 */
export function extendCatalog(base: readonly SignalDefinition[], additions: readonly SignalDefinition[]): SignalDefinition[] {
  const existing = new Set(base.map((s) => s.name));
  const errors = validateCatalog(additions);
  additions.forEach((s, i) => {
    if (existing.has(s?.name)) errors.push({ field: `signals[${i}].name`, message: `signal "${s.name}" already exists in the catalog` });
  });
  if (errors.length > 0) {
    throw new TagMappingException(TagMappingErrorCode.InvalidCatalog, `invalid signal catalog: ${errors.map((e) => e.message).join('; ')}`, errors);
  }
  return [...base, ...additions.map((s) => ({ ...s, unit: canonicalUnit(s.unit) }))];
}

/** Name → signal, for lookups in loops. */
export function catalogIndex(signals: readonly SignalDefinition[]): Map<string, SignalDefinition> {
  return new Map(signals.map((s) => [s.name, s]));
}
