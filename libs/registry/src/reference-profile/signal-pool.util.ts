import { SignalProfile } from './reference-profile.types';

/** Pools per-machine levels of one signal into one (exact pooled mean and population std). */
export function poolSignalLevels(name: string, parts: readonly SignalProfile[]): SignalProfile {
  const used = parts.filter((p) => p.n > 0);
  const n = used.reduce((a, p) => a + p.n, 0);
  if (n === 0) return { name, n: 0, mean: NaN, std: NaN };
  const mean = used.reduce((a, p) => a + p.n * p.mean, 0) / n;
  const ss = used.reduce((a, p) => a + p.n * (p.std * p.std + (p.mean - mean) ** 2), 0);
  return { name, n, mean, std: Math.sqrt(ss / n) };
}
