import type { Rng } from './random.util';
import { CANONICAL_SIGNALS, type CanonicalSignal } from './signal-catalog.util';
import type { FailureComponent, HealthyParams } from './simulator.types';

/**
 * What a failing component does to the signals during its run-up: the shift reached at the
 * moment of failure, either absolute (canonical units) or relative to the healthy mean.
 * Every mode raises vibration a little, as real pump faults do, so a vibration-based model
 * has a chance on all of them; the strong signature differs per mode.
 */
interface ShiftRule {
  signal: CanonicalSignal;
  min: number;
  max: number;
  relative?: boolean;
}

const SIGNATURES: Record<FailureComponent, ShiftRule[]> = {
  bearing: [
    { signal: 'vibration_rms', min: 2.5, max: 6 },
    { signal: 'bearing_temp', min: 8, max: 18 },
  ],
  impeller: [
    { signal: 'flow', min: -0.18, max: -0.08, relative: true },
    { signal: 'pressure', min: -0.14, max: -0.06, relative: true },
    { signal: 'power', min: -0.06, max: -0.03, relative: true },
    { signal: 'vibration_rms', min: 1, max: 3 },
  ],
  winding: [
    { signal: 'winding_temp', min: 12, max: 30 },
    { signal: 'motor_current', min: 0.04, max: 0.1, relative: true },
    { signal: 'vibration_rms', min: 0.4, max: 1.2 },
  ],
};

// a module-level alias: a global lookup per sample is slow inside jest's vm context
const { pow } = Math;

export const FAILURE_COMPONENTS: FailureComponent[] = ['bearing', 'impeller', 'winding'];
export const FAILURE_WEIGHTS = [0.55, 0.25, 0.2];

/** One failure's run-up as the generator applies it. Indices are sample positions. */
export interface Degradation {
  component: FailureComponent;
  onset: number;
  failure: number;
  /** severity at sample t is ((t − onset) / (failure − onset)) ^ power */
  power: number;
  /** per signal index: shift of the mean at severity 1 (canonical units), 0 if unaffected */
  shift: Float64Array;
  /** extra vibration noise (standard deviation, mm/s) at severity 1 */
  vibrationNoise: number;
}

export function drawDegradation(
  rng: Rng,
  component: FailureComponent,
  onset: number,
  failure: number,
  healthy: Record<CanonicalSignal, HealthyParams>,
): Degradation {
  const shift = new Float64Array(CANONICAL_SIGNALS.length);
  for (const rule of SIGNATURES[component]) {
    const amount = rng.range(rule.min, rule.max);
    shift[CANONICAL_SIGNALS.indexOf(rule.signal)] = rule.relative ? amount * healthy[rule.signal].mean : amount;
  }
  const vibrationNoise = component === 'bearing' ? rng.range(1, 3) * healthy.vibration_rms.sigma : 0;
  return { component, onset, failure, power: rng.range(1.5, 2.5), shift, vibrationNoise };
}

/** Adds the run-up of one failure to one signal's canonical values, in place. */
export function applyDegradation(values: Float32Array, signalIndex: number, d: Degradation, noise: Rng): void {
  const shift = d.shift[signalIndex];
  const extraNoise = signalIndex === 0 ? d.vibrationNoise : 0;
  if (shift === 0 && extraNoise === 0) return;
  const span = d.failure - d.onset;
  const end = Math.min(d.failure, values.length);
  for (let t = Math.max(d.onset, 0); t < end; t++) {
    const x = pow((t - d.onset) / span, d.power);
    values[t] += x * shift + (extraNoise === 0 ? 0 : x * extraNoise * noise.normal());
  }
}
