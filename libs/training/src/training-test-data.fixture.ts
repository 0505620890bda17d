import { seededRandom } from './feature-matrix.util';

/** Standard normal draws from a seeded uniform generator (Box–Muller). */
export function normals(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/**
 * "Healthy" windows: `cols` features driven by two latent factors plus a little noise,
 * with columns on very different scales (as raw sensor aggregations are).
 */
export function healthyWindows(rows: number, cols: number, seed: number): Float32Array {
  const latent = normals(rows * 2, seed);
  const noise = normals(rows * cols, seed + 1);
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const loading = c % 2 === 0 ? latent[2 * r] : latent[2 * r + 1];
      const scale = 1 + 10 * c;
      out[r * cols + c] = scale * (loading * (1 + c / cols) + 0.1 * noise[r * cols + c]) + 50 * c;
    }
  }
  return out;
}

/** Feature rows whose label is 1 when a fixed linear score crosses 0, with some label noise. */
export function labelledWindows(rows: number, cols: number, seed: number): { features: Float32Array; labels: Uint8Array } {
  const z = normals(rows * cols, seed);
  const flip = normals(rows, seed + 7);
  const features = new Float32Array(rows * cols);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = -1;
    for (let c = 0; c < cols; c++) {
      features[r * cols + c] = 20 + 5 * c + (2 + c) * z[r * cols + c];
      if (c < 3) s += z[r * cols + c];
    }
    labels[r] = s + 0.3 * flip[r] > 0 ? 1 : 0;
  }
  return { features, labels };
}

export function names(cols: number): string[] {
  return Array.from({ length: cols }, (_, c) => `signal_${Math.floor(c / 5)}.${['mean', 'std', 'min', 'max', 'slope'][c % 5]}`);
}
