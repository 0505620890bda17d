import type { Rng } from './random.util';
import type { CanonicalSignal } from './signal-catalog.util';

/**
 * Healthy noise structure of one signal: each healthy sample is
 *   mean + sigma · (cycle·c(t) + load·L(t) + own·e(t)),  own = √(1 − cycle² − load²)
 * with c the unit-variance daily cycle, L the machine's shared unit-variance load and e the
 * signal's own unit-variance AR(1) with coefficient phi.
 */
export interface NoiseShape {
  phi: number;
  cycle: number;
  load: number;
}

/** What a 'coupling' machine changes, and how the truth file describes it. */
export const COUPLED_SIGNALS: CanonicalSignal[] = ['bearing_temp', 'winding_temp', 'motor_current', 'power'];
export const COUPLING_DESCRIPTION =
  'bearing and winding temperatures answer the shared load with the opposite sign; motor current and power follow ' +
  'their own noise instead of the load. Every marginal healthy mean and σ is the planted one.';

/**
 * The noise table of a 'coupling' machine. Only load coefficients change sign or move into the
 * signal's own noise, so the three parts keep unit total variance: a per-signal envelope sees
 * exactly the planted mean and σ, only the relations between signals differ.
 */
export function coupledNoise(table: Record<CanonicalSignal, NoiseShape>): Record<CanonicalSignal, NoiseShape> {
  return {
    ...table,
    bearing_temp: { ...table.bearing_temp, load: -table.bearing_temp.load },
    winding_temp: { ...table.winding_temp, load: -table.winding_temp.load },
    motor_current: { ...table.motor_current, load: 0 },
    power: { ...table.power, load: 0 },
  };
}

/** Speed setpoints of a 'multi-regime' machine, as multiples of its nominal speed. */
export const REGIME_SETPOINTS = [0.85, 1, 1.15] as const;
const DWELL_DAYS: [number, number] = [1, 5];
const MINUTES_PER_DAY = 1440;

/** One dwell at a setpoint; sample positions, `from` inclusive, `to` exclusive. */
export interface RegimePeriod {
  from: number;
  to: number;
  setpoint: number;
}

/**
 * Dwell periods covering [0, n): a random first setpoint, then each dwell of 1–5 days ends with
 * a step to one of the two other setpoints (a VFD step or a product change).
 */
export function drawRegimes(rng: Rng, n: number): RegimePeriod[] {
  const periods: RegimePeriod[] = [];
  let current = rng.int(REGIME_SETPOINTS.length);
  for (let from = 0; from < n;) {
    const to = Math.min(n, from + Math.round(rng.range(DWELL_DAYS[0], DWELL_DAYS[1]) * MINUTES_PER_DAY));
    periods.push({ from, to, setpoint: REGIME_SETPOINTS[current] });
    current = (current + 1 + rng.int(REGIME_SETPOINTS.length - 1)) % REGIME_SETPOINTS.length;
    from = to;
  }
  return periods;
}

/**
 * Pump affinity laws at speed ratio s: flow ∝ s, head (pressure) ∝ s², shaft power ∝ s³;
 * motor current ∝ s² (roughly: torque ∝ s², magnetising current ignored); vibration ∝ s^1.5.
 */
const SPEED_EXPONENT: Partial<Record<CanonicalSignal, number>> = {
  vibration_rms: 1.5,
  motor_current: 2,
  power: 3,
  speed: 1,
  pressure: 2,
  flow: 1,
};
/** Temperatures: the rise above ambient scales with power (s³), reached with a first-order lag. */
const AMBIENT_C = 25;
const THERMAL_TIME_CONSTANT_MIN = 30;

/**
 * Moves one signal's nominal healthy values (canonical units) to the regime of each sample, in
 * place: a whole sample is scaled, so a regime's mean and σ are the nominal ones times the
 * factor (for temperatures: the rise above ambient and σ).
 */
export function applyRegimes(values: Float32Array, signal: CanonicalSignal, periods: readonly RegimePeriod[]): void {
  const exponent = SPEED_EXPONENT[signal];
  if (exponent !== undefined) {
    for (const p of periods) {
      const factor = p.setpoint ** exponent;
      for (let i = p.from; i < p.to; i++) values[i] *= factor;
    }
    return;
  }
  const alpha = 1 - Math.exp(-1 / THERMAL_TIME_CONSTANT_MIN);
  let factor = periods.length > 0 ? periods[0].setpoint ** 3 : 1;
  for (const p of periods) {
    const target = p.setpoint ** 3;
    for (let i = p.from; i < p.to; i++) {
      factor += alpha * (target - factor);
      values[i] = AMBIENT_C + (values[i] - AMBIENT_C) * factor;
    }
  }
}
