import { seededRandom } from './feature-matrix.util';

/**
 * Domain randomisation for a one-machine model: copies of the pilot's windows moved to
 * other operating points inside the envelope the model is meant to serve — each signal's
 * healthy level shifted by up to ±maxShiftSigma pilot σ and its spread scaled by a factor
 * in [minSpread, maxSpread] (log-uniform). Without this, a model trained on one machine
 * learns that machine's absolute levels and alarms on every healthy neighbour; with it, it
 * learns what a run-up looks like wherever the machine sits in the envelope. The platform's
 * fleet evaluation then checks, machine by machine, whether that holds.
 */
export interface EnvelopeOptions {
  features: Float32Array;
  rows: number;
  featureNames: string[];
  /** Pilot's healthy level and σ per signal (signalLevels of @fleetgate/inference). */
  levels: Record<string, { mean: number; std: number }>;
  labels?: Uint8Array;
  copies?: number;
  maxShiftSigma?: number;
  minSpread?: number;
  maxSpread?: number;
  seed?: number;
}

export interface EnvelopeSet {
  features: Float32Array;
  rows: number;
  labels?: Uint8Array;
}

const LEVEL_AGGS = new Set(['mean', 'min', 'max', 'last']);
const SCALE_AGGS = new Set(['std', 'slope']);

/** The original rows followed by `copies` moved copies of each (labels repeated). */
export function augmentOperatingPoint(o: EnvelopeOptions): EnvelopeSet {
  const cols = o.featureNames.length;
  const copies = o.copies ?? 4;
  const maxShift = o.maxShiftSigma ?? 1;
  const lnMin = Math.log(o.minSpread ?? 0.5);
  const lnMax = Math.log(o.maxSpread ?? 2);
  const random = seededRandom(o.seed ?? 42);
  const parsed = o.featureNames.map((name) => {
    const dot = name.lastIndexOf('.');
    return { signal: name.slice(0, dot), agg: name.slice(dot + 1) };
  });
  const signals = [...new Set(parsed.map((p) => p.signal))];
  for (const s of signals) {
    const l = o.levels[s];
    if (!l || !Number.isFinite(l.mean) || !Number.isFinite(l.std)) throw new Error(`no healthy level for signal ${s}: cannot place the operating envelope`);
  }
  const out = new Float32Array(o.rows * cols * (copies + 1));
  out.set(o.features.subarray(0, o.rows * cols));
  const labels = o.labels ? new Uint8Array(o.rows * (copies + 1)) : undefined;
  if (labels) for (let c = 0; c <= copies; c++) labels.set(o.labels!.subarray(0, o.rows), c * o.rows);
  const shift = new Float64Array(signals.length);
  const scale = new Float64Array(signals.length);
  const signalIndex = parsed.map((p) => signals.indexOf(p.signal));
  for (let c = 1; c <= copies; c++) {
    for (let r = 0; r < o.rows; r++) {
      for (let s = 0; s < signals.length; s++) {
        shift[s] = (random() * 2 - 1) * maxShift * o.levels[signals[s]].std;
        scale[s] = Math.exp(lnMin + random() * (lnMax - lnMin));
      }
      const src = r * cols;
      const dst = (c * o.rows + r) * cols;
      for (let k = 0; k < cols; k++) {
        const s = signalIndex[k];
        const v = o.features[src + k];
        const { agg } = parsed[k];
        if (LEVEL_AGGS.has(agg)) {
          const level = o.levels[signals[s]].mean;
          out[dst + k] = level + shift[s] + scale[s] * (v - level);
        } else if (SCALE_AGGS.has(agg)) out[dst + k] = scale[s] * v;
        else out[dst + k] = v;
      }
    }
  }
  return { features: out, rows: o.rows * (copies + 1), labels };
}
