import { CANONICAL_SIGNALS, type CanonicalSignal } from './signal-catalog.util';
import type { HealthyParams, MachineModelCode, SignalDomain } from './simulator.types';

/**
 * Where each machine's healthy behaviour sits. Every effect is continuous — a machine-model
 * offset, an age slope, two latent per-machine factors and a per-signal random effect — so
 * the edge of "behaves like the pilot" runs through every model and age band instead of
 * along segment borders.
 *
 * mean  = base.mean + base.sigma · (model + age·years + mech·uMech + duty·uDuty + random·e)
 * sigma = base.sigma · exp(modelLog + ageLog·years + mechLog·uMech + randomLog·e')
 *
 * uMech ("mechanical condition": wear, alignment, foundation) and uDuty ("duty point": where
 * on its curve the pump runs) are standard normal per machine; e, e' standard normal per
 * signal. The magnitudes below are tuned so that, with a young P200 pilot, about half the
 * fleet is in domain for every seed.
 */
interface SignalEffects {
  base: HealthyParams;
  model: Record<MachineModelCode, number>;
  modelLog: Record<MachineModelCode, number>;
  age: number;
  ageLog: number;
  mech: number;
  duty: number;
  mechLog: number;
  random: number;
  randomLog: number;
}

// prettier-ignore
const EFFECTS: Record<CanonicalSignal, SignalEffects> = {
  vibration_rms: {
    base: { mean: 2.8, sigma: 0.3 },
    model: { P200: 0, P300: 0.3, K10: -0.35, X5: 0.5 },
    modelLog: { P200: 0, P300: 0.1, K10: -0.1, X5: 0.15 },
    age: 0.022, ageLog: 0.02, mech: 0.7, duty: 0.1, mechLog: 0.1, random: 0.2, randomLog: 0.08,
  },
  bearing_temp: {
    base: { mean: 58, sigma: 1.6 },
    model: { P200: 0, P300: -0.3, K10: 0.35, X5: 0.2 },
    modelLog: { P200: 0, P300: 0.05, K10: 0.1, X5: -0.05 },
    age: 0.016, ageLog: 0.01, mech: 0.6, duty: 0.1, mechLog: 0.05, random: 0.2, randomLog: 0.08,
  },
  winding_temp: {
    base: { mean: 82, sigma: 2.5 },
    model: { P200: 0, P300: 0.35, K10: 0.2, X5: -0.3 },
    modelLog: { P200: 0, P300: 0.05, K10: -0.05, X5: 0.1 },
    age: 0.012, ageLog: 0.005, mech: 0.05, duty: 0.62, mechLog: 0, random: 0.2, randomLog: 0.08,
  },
  motor_current: {
    base: { mean: 120, sigma: 3.5 },
    model: { P200: 0, P300: 0.3, K10: -0.3, X5: 0.35 },
    modelLog: { P200: 0, P300: 0.05, K10: 0, X5: 0.1 },
    age: 0.01, ageLog: 0.005, mech: 0.05, duty: 0.62, mechLog: 0, random: 0.2, randomLog: 0.08,
  },
  power: {
    base: { mean: 70, sigma: 2.0 },
    model: { P200: 0, P300: 0.3, K10: -0.25, X5: 0.3 },
    modelLog: { P200: 0, P300: 0.05, K10: 0, X5: 0.1 },
    age: 0.006, ageLog: 0.005, mech: 0, duty: 0.62, mechLog: 0, random: 0.2, randomLog: 0.08,
  },
  speed: {
    base: { mean: 1480, sigma: 4 },
    model: { P200: 0, P300: 0.2, K10: -0.2, X5: 0.1 },
    modelLog: { P200: 0, P300: 0, K10: 0.05, X5: 0 },
    age: 0, ageLog: 0, mech: -0.1, duty: 0.1, mechLog: 0, random: 0.2, randomLog: 0.08,
  },
  pressure: {
    base: { mean: 8.0, sigma: 0.18 },
    model: { P200: 0, P300: -0.2, K10: 0.3, X5: 0.4 },
    modelLog: { P200: 0, P300: 0.05, K10: 0.05, X5: 0.1 },
    age: -0.008, ageLog: 0.005, mech: 0, duty: -0.6, mechLog: 0, random: 0.2, randomLog: 0.08,
  },
  flow: {
    base: { mean: 210, sigma: 5 },
    model: { P200: 0, P300: 0.3, K10: -0.3, X5: -0.2 },
    modelLog: { P200: 0, P300: 0.05, K10: 0, X5: 0.05 },
    age: -0.01, ageLog: 0.005, mech: 0, duty: 0.62, mechLog: 0, random: 0.2, randomLog: 0.08,
  },
};

/** Per-machine draws that place its healthy behaviour (the pilot's random parts are zero). */
export interface MachineEffects {
  machineModel: MachineModelCode;
  ageYears: number;
  uMech: number;
  uDuty: number;
  /** per signal, in CANONICAL_SIGNALS order */
  meanNoise: Float64Array;
  sigmaNoise: Float64Array;
}

export function healthyParams(effects: MachineEffects): Record<CanonicalSignal, HealthyParams> {
  const out = {} as Record<CanonicalSignal, HealthyParams>;
  CANONICAL_SIGNALS.forEach((signal, s) => {
    const e = EFFECTS[signal];
    const m = effects.machineModel;
    const shift = e.model[m] + e.age * effects.ageYears + e.mech * effects.uMech + e.duty * effects.uDuty + e.random * effects.meanNoise[s];
    const logSigma = e.modelLog[m] + e.ageLog * effects.ageYears + e.mechLog * effects.uMech + e.randomLog * effects.sigmaNoise[s];
    out[signal] = { mean: e.base.mean + e.base.sigma * shift, sigma: e.base.sigma * Math.exp(logSigma) };
  });
  return out;
}

export const DOMAIN_MAX_MEAN_SHIFT_SIGMAS = 1;
export const DOMAIN_SIGMA_RATIO_RANGE: readonly [number, number] = [0.5, 2];

export function signalDomain(machine: HealthyParams, pilot: HealthyParams, present: boolean): SignalDomain {
  const meanShiftSigmas = (machine.mean - pilot.mean) / pilot.sigma;
  const sigmaRatio = machine.sigma / pilot.sigma;
  const inDomain =
    present &&
    Math.abs(meanShiftSigmas) <= DOMAIN_MAX_MEAN_SHIFT_SIGMAS &&
    sigmaRatio >= DOMAIN_SIGMA_RATIO_RANGE[0] &&
    sigmaRatio <= DOMAIN_SIGMA_RATIO_RANGE[1];
  return { meanShiftSigmas, sigmaRatio, inDomain };
}
