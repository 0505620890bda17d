/**
 * Deterministic samples for the specs (not exported from the lib). Park–Miller
 * products stay below 2^46, so the same integer sequence — and, summed in the same
 * order, the same doubles — comes out of the Python snippet that produced the
 * reference values:
 *
 *   def park_miller(seed, n):
 *       out = []
 *       for _ in range(n):
 *           seed = seed * 16807 % 2147483647
 *           out.append(seed / 2147483647)
 *       return out, seed
 *   def normals(seed, n, mu=0.0, sigma=1.0):   # Irwin–Hall: sum of 12 uniforms − 6
 *       out = []
 *       for _ in range(n):
 *           u, seed = park_miller(seed, 12)
 *           s = 0.0
 *           for v in u: s += v
 *           out.append(mu + sigma * (s - 6.0))
 *       return np.array(out)
 */
export function uniforms(seed: number, n: number): { values: Float64Array; seed: number } {
  const values = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    values[i] = s / 2147483647;
  }
  return { values, seed: s };
}

export function normals(seed: number, n: number, mu = 0, sigma = 1): Float64Array {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    const u = uniforms(s, 12);
    s = u.seed;
    let sum = 0;
    for (let k = 0; k < 12; k++) sum += u.values[k];
    out[i] = mu + sigma * (sum - 6.0);
  }
  return out;
}
