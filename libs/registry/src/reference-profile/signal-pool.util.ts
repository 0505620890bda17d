import { median } from '@fleetgate/stats';
import { SignalProfile } from './reference-profile.types';

/**
 * Pools per-machine levels of one signal into one (exact pooled mean and population std, the spread
 * between the machines' levels included) and, for several machines, the typical machine's own σ
 * (`withinStd`, the median of their σ: what one machine's own spread is compared with; a median, so
 * one multi-regime or faulty training machine does not set the scale for all).
 */
export function poolSignalLevels(name: string, parts: readonly SignalProfile[]): SignalProfile {
  const used = parts.filter((p) => p.n > 0);
  const n = used.reduce((a, p) => a + p.n, 0);
  if (n === 0) return { name, n: 0, mean: NaN, std: NaN };
  const mean = used.reduce((a, p) => a + p.n * p.mean, 0) / n;
  const ss = used.reduce((a, p) => a + p.n * (p.std * p.std + (p.mean - mean) ** 2), 0);
  return { name, n, mean, std: Math.sqrt(ss / n), ...(used.length > 1 ? { withinStd: median(used.map((p) => p.std)) } : {}) };
}
