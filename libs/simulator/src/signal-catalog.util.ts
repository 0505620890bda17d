/**
 * The eight canonical signals the simulator writes, in the catalog order of the design,
 * and how each of the three raw tag conventions names and scales them.
 */
export const CANONICAL_SIGNALS = ['vibration_rms', 'bearing_temp', 'winding_temp', 'motor_current', 'power', 'speed', 'pressure', 'flow'] as const;

export type CanonicalSignal = (typeof CANONICAL_SIGNALS)[number];

export type TagConvention = 'A' | 'B' | 'C';

export interface SignalSpec {
  unit: string;
  validMin: number;
  validMax: number;
}

export const SIGNAL_SPECS: Record<CanonicalSignal, SignalSpec> = {
  vibration_rms: { unit: 'mm/s', validMin: 0, validMax: 100 },
  bearing_temp: { unit: '°C', validMin: -40, validMax: 200 },
  winding_temp: { unit: '°C', validMin: -40, validMax: 250 },
  motor_current: { unit: 'A', validMin: 0, validMax: 2000 },
  power: { unit: 'kW', validMin: 0, validMax: 5000 },
  speed: { unit: 'rpm', validMin: 0, validMax: 20000 },
  pressure: { unit: 'bar', validMin: 0, validMax: 400 },
  flow: { unit: 'm³/h', validMin: 0, validMax: 10000 },
};

/** raw = canonical * scale + offset */
export interface RawUnit {
  unit: string;
  scale: number;
  offset: number;
}

const CANONICAL_UNIT = (signal: CanonicalSignal): RawUnit => ({ unit: SIGNAL_SPECS[signal].unit, scale: 1, offset: 0 });
const FAHRENHEIT: RawUnit = { unit: '°F', scale: 9 / 5, offset: 32 };
const INCH_PER_S: RawUnit = { unit: 'in/s', scale: 1 / 25.4, offset: 0 };
// 1 bar = 100 000 Pa; 1 psi = 6 894.757 293 168 Pa
const PSI: RawUnit = { unit: 'psi', scale: 100000 / 6894.757293168, offset: 0 };
const WATT: RawUnit = { unit: 'W', scale: 1000, offset: 0 };

interface RawTagRule {
  tag: (machineModel: string) => string;
  unit: RawUnit;
}

const A_SUFFIX: Record<CanonicalSignal, string> = {
  vibration_rms: 'VIB_01',
  bearing_temp: 'BRG_TEMP_F',
  winding_temp: 'WDG_TEMP_F',
  motor_current: 'CUR_A',
  power: 'PWR_W',
  speed: 'RPM',
  pressure: 'PRES_PSI',
  flow: 'FLOW',
};
const A_UNITS: Partial<Record<CanonicalSignal, RawUnit>> = {
  bearing_temp: FAHRENHEIT,
  winding_temp: FAHRENHEIT,
  power: WATT,
  pressure: PSI,
};
const B_TAGS: Record<CanonicalSignal, string> = {
  vibration_rms: 'vib1',
  bearing_temp: 'brg_t',
  winding_temp: 'wdg_t',
  motor_current: 'amps',
  power: 'kw',
  speed: 'rpm',
  pressure: 'press',
  flow: 'flow',
};
const C_TAGS: Record<CanonicalSignal, string> = {
  vibration_rms: 'Vibration (in/s)',
  bearing_temp: 'Bearing Temperature (°C)',
  winding_temp: 'Winding Temperature (°C)',
  motor_current: 'Motor Current (A)',
  power: 'Power (kW)',
  speed: 'Shaft Speed (rpm)',
  pressure: 'Discharge Pressure (bar)',
  flow: 'Flow (m3/h)',
};

function rule(convention: TagConvention, signal: CanonicalSignal): RawTagRule {
  switch (convention) {
    case 'A':
      return { tag: (model) => `${model}_${A_SUFFIX[signal]}`, unit: A_UNITS[signal] ?? CANONICAL_UNIT(signal) };
    case 'B':
      return { tag: () => B_TAGS[signal], unit: CANONICAL_UNIT(signal) };
    case 'C':
      return { tag: () => C_TAGS[signal], unit: signal === 'vibration_rms' ? INCH_PER_S : CANONICAL_UNIT(signal) };
  }
}

export function rawTagFor(convention: TagConvention, machineModel: string, signal: CanonicalSignal): string {
  return rule(convention, signal).tag(machineModel);
}

export function rawUnitFor(convention: TagConvention, signal: CanonicalSignal): RawUnit {
  return rule(convention, signal).unit;
}

export function toRawUnit(value: number, unit: RawUnit): number {
  return value * unit.scale + unit.offset;
}
