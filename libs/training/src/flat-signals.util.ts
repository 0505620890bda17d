import { Series } from '@fleetgate/common';
import { SeriesBySignal } from '@fleetgate/inference';

/**
 * A signal that carries no information in the training period: it sits at one value (within
 * `FLAT_RELATIVE_TOLERANCE` of that value's magnitude) in at least `FLAT_MIN_SHARE` of its
 * present samples. Unit-free on purpose: a magnitude-relative spread threshold would also catch
 * informative signals that move by 1e-5 of a large level (C-MAPSS sensors 8 and 13: ±0.03 at 2388).
 */
export const FLAT_MIN_SHARE = 0.99;
/** Equal as stored: float32 resolution (2⁻²³ ≈ 1.2e-7) with headroom; the evaluation's flat tolerance. */
export const FLAT_RELATIVE_TOLERANCE = 1e-6;

export interface FlatSignal {
  signal: string;
  /** `constant`: every present sample at `value`; `nearly-constant`: at least 99 % of them. */
  kind: 'constant' | 'nearly-constant';
  value: number;
  /** Share of present samples at `value`. */
  share: number;
  /** Why, in a sentence, for warnings and the manifest. */
  reason: string;
}

/** The signals among `signals` that are flat in `series`, in the given order (a signal without data is not judged here). */
export function flatSignals(series: SeriesBySignal, signals: readonly string[]): FlatSignal[] {
  const out: FlatSignal[] = [];
  for (const signal of signals) {
    const s = series instanceof Map ? series.get(signal) : (series as Record<string, Series | undefined>)[signal];
    if (!s) continue;
    const flat = flatness(signal, s.values);
    if (flat) out.push(flat);
  }
  return out;
}

function flatness(signal: string, values: ArrayLike<number>): FlatSignal | null {
  const all = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) all[n++] = values[i];
  const present = all.subarray(0, n).sort();
  if (n === 0) return null;
  // If one value holds ≥ 99 % of the samples, it is the median.
  const m = n >> 1;
  const value = n % 2 ? present[m] : (present[m - 1] + present[m]) / 2;
  const tol = FLAT_RELATIVE_TOLERANCE * Math.abs(value);
  let at = 0;
  for (let i = 0; i < n; i++) if (Math.abs(present[i] - value) <= tol) at++;
  const share = at / n;
  if (share < FLAT_MIN_SHARE) return null;
  const shown = Number(value.toPrecision(7));
  return share === 1
    ? { signal, kind: 'constant', value: shown, share, reason: `constant at ${shown} in the training period` }
    : { signal, kind: 'nearly-constant', value: shown, share, reason: `at ${shown} in ${(share * 100).toFixed(1)} % of the training period's samples` };
}
