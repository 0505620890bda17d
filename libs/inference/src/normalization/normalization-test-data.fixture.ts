import { DAY_MS, Series } from '@fleetgate/common';
import { mulberry32 } from '@fleetgate/stats';

export const MIN = 60_000;
export const T0 = Date.UTC(2026, 0, 1);

/** Seeded N(0, 1) draws (Box–Muller over mulberry32), the same on every run. */
export function normalStream(seed: number): () => number {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Stationary AR(1) with unit marginal variance: x_t = φ x_{t−1} + √(1 − φ²) e_t. */
export function ar1(n: number, phi: number, seed: number): Float64Array {
  const z = normalStream(seed);
  const out = new Float64Array(n);
  let x = z();
  const k = Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) out[i] = x = phi * x + k * z();
  return out;
}

/** A daily sine of unit amplitude at minute i (the load cycle of a working day). */
export function dailyCycle(i: number, intervalMs = MIN): number {
  return Math.sin((2 * Math.PI * i * intervalMs) / DAY_MS);
}

export function minuteSeries(values: ArrayLike<number>, startMs = T0, intervalMs = MIN): Series {
  return { startMs, intervalMs, values: Float32Array.from(values) };
}
