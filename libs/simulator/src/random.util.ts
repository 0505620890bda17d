/**
 * Seeded randomness for the simulator: xoshiro128** (fast, 2^128-1 period, good enough
 * for simulation) and Marsaglia–Tsang's ziggurat for normals, which avoids a log/sqrt/sin
 * per sample and is what makes ~10^8 samples per fleet cheap.
 */

// Module-level aliases: under jest's vm context every lookup of a global such as `Math`
// costs hundreds of nanoseconds, which in the per-sample loops is most of the run time.
const { abs, exp, floor, imul, log, sqrt } = Math;

const TWO_POW_32 = 4294967296;
const UINT_TO_UNIT = 1 / TWO_POW_32;

/** Well-mixed 32-bit hash (murmur3 finaliser). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Purposes of independent streams inside one machine (any distinct integers work). */
export const STREAM = {
  plan: 1,
  schedule: 2,
  load: 3,
  extraNoise: 4,
  phase: 5,
  labels: 6,
  kinds: 7,
  regimes: 8,
  startFailure: 9,
  signalBase: 16,
  /** stops and sensor faults of 90-day block b use scheduleBlock + b */
  scheduleBlock: 65_536,
} as const;

export class Rng {
  // int32 state in a typed array: plain number fields can end up boxed, costing an
  // allocation per draw
  private readonly s = new Int32Array(4);

  /**
   * One stream per (seed, machine index, purpose): machine k's data never depend on how
   * many machines came before it or in which order they were generated.
   */
  constructor(seed: number, machineIndex: number, stream: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const lo = seed >>> 0;
    const hi = floor(seed / TWO_POW_32) >>> 0;
    let h = fmix32(lo ^ 0x9e3779b9);
    h = fmix32(h ^ hi ^ 0x7f4a7c15);
    h = fmix32(h ^ (machineIndex >>> 0));
    h = fmix32(h ^ imul(stream + 1, 0x27d4eb2f));
    // splitmix-style expansion of the hash into the 128-bit state
    const s = this.s;
    s[0] = fmix32(h + 0x9e3779b9);
    s[1] = fmix32(h + 0x3c6ef372);
    s[2] = fmix32(h + 0xdaa66d2b);
    s[3] = fmix32(h + 0x78dde6e4);
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  }

  /** Next 32 random bits as a signed int32. */
  nextInt32(): number {
    const s = this.s;
    const s0 = s[0];
    const s1 = s[1];
    const m = imul(s1, 5);
    const result = imul((m << 7) | (m >>> 25), 9);
    const s2 = s[2] ^ s0;
    const s3 = s[3] ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ (s1 << 9);
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return (this.nextInt32() >>> 0) * UINT_TO_UNIT;
  }

  range(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Uniform integer on [0, n). */
  int(n: number): number {
    return floor(this.uniform() * n);
  }

  /** log-uniform on [min, max] — durations spanning orders of magnitude. */
  logRange(min: number, max: number): number {
    return min * exp(log(max / min) * this.uniform());
  }

  exponential(mean: number): number {
    return -mean * log(1 - this.uniform());
  }

  poisson(mean: number): number {
    // Knuth's product method: the means used here are small (< 30)
    const limit = exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Weighted choice; weights need not sum to 1. */
  pickWeighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.uniform() * total;
    for (let i = 0; i < items.length; i++) {
      u -= weights[i];
      if (u < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Standard normal (ziggurat, 128 layers). */
  normal(): number {
    const hz = this.nextInt32();
    const iz = hz & 127;
    if (abs(hz) < ZIG_K[iz]) return hz * ZIG_W[iz];
    return this.normalSlow(hz, iz);
  }

  private normalSlow(hz: number, iz: number): number {
    for (;;) {
      const x = hz * ZIG_W[iz];
      if (iz === 0) {
        // the base layer's tail beyond R, by Marsaglia's exponential method
        let tx: number;
        let ty: number;
        do {
          tx = -log(1 - this.uniform()) / ZIG_R;
          ty = -log(1 - this.uniform());
        } while (ty + ty < tx * tx);
        return hz > 0 ? ZIG_R + tx : -ZIG_R - tx;
      }
      if (ZIG_F[iz] + this.uniform() * (ZIG_F[iz - 1] - ZIG_F[iz]) < exp(-0.5 * x * x)) return x;
      hz = this.nextInt32();
      iz = hz & 127;
      if (abs(hz) < ZIG_K[iz]) return hz * ZIG_W[iz];
    }
  }
}

// Ziggurat tables (Marsaglia & Tsang 2000, 128 layers, 32-bit signed draws).
const ZIG_R = 3.442619855899;
const ZIG_K = new Float64Array(128);
const ZIG_W = new Float64Array(128);
const ZIG_F = new Float64Array(128);
(function buildZiggurat(): void {
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / exp(-0.5 * dn * dn);
  ZIG_K[0] = floor((dn / q) * m1);
  ZIG_K[1] = 0;
  ZIG_W[0] = q / m1;
  ZIG_W[127] = dn / m1;
  ZIG_F[0] = 1;
  ZIG_F[127] = exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = sqrt(-2 * log(vn / dn + exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = floor((dn / tn) * m1);
    tn = dn;
    ZIG_F[i] = exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / m1;
  }
})();

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9),
 * used to place stratified draws.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = sqrt(-2 * log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pLow) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * n stratified draws (Latin hypercube in one dimension): one draw in each of n equal
 * probability slices, in random order. The sample's spread then hardly depends on the
 * seed, which is what keeps the in/out-of-domain split stable for every seed.
 */
export function stratifiedUniform(rng: Rng, n: number): Float64Array {
  const order = rng.permutation(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (order[i] + rng.uniform()) / n;
  return out;
}
