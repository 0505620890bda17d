/**
 * Seeded k-means for small point sets (a pilot's hours): k-means++ starts (Arthur & Vassilvitskii
 * 2007), Lloyd iterations, the best of a few restarts by within-cluster sum of squares, and the
 * mean silhouette (Rousseeuw 1987) that picks k. Points are row-major n × d in a Float64Array.
 * Deterministic: the same points, k and random stream give the same clusters.
 */
export interface Clustering {
  k: number;
  /** Row-major k × d centres. */
  centres: Float64Array;
  labels: Int32Array;
  /** Within-cluster sum of squared distances. */
  wss: number;
}

function dist2(p: Float64Array, i: number, c: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let m = 0; m < d; m++) {
    const x = p[i * d + m] - c[j * d + m];
    s += x * x;
  }
  return s;
}

/** k-means++ seeding: each next centre drawn with probability ∝ squared distance to the nearest chosen one. */
function seed(points: Float64Array, n: number, d: number, k: number, random: () => number): Float64Array {
  const centres = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  let pick = Math.min(n - 1, Math.floor(random() * n));
  for (let c = 0; c < k; c++) {
    centres.set(points.subarray(pick * d, pick * d + d), c * d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], dist2(points, i, centres, c, d));
      total += nearest[i];
    }
    if (total === 0) break; // fewer distinct points than k: the rest stay on the last one
    let u = random() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      u -= nearest[i];
      if (u < 0) {
        pick = i;
        break;
      }
    }
  }
  return centres;
}

function lloyd(points: Float64Array, n: number, d: number, k: number, centres: Float64Array, maxIterations: number): Clustering {
  const labels = new Int32Array(n).fill(-1);
  let wss = 0;
  for (let it = 0; it < maxIterations; it++) {
    let changed = false;
    wss = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const dd = dist2(points, i, centres, c, d);
        if (dd < bestD) {
          bestD = dd;
          best = c;
        }
      }
      wss += bestD;
      if (labels[i] !== best) {
        labels[i] = best;
        changed = true;
      }
    }
    if (!changed) break;
    const sums = new Float64Array(k * d);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let m = 0; m < d; m++) sums[labels[i] * d + m] += points[i * d + m];
    }
    // An emptied cluster keeps its centre; it is simply not used.
    for (let c = 0; c < k; c++) if (counts[c] > 0) for (let m = 0; m < d; m++) centres[c * d + m] = sums[c * d + m] / counts[c];
  }
  return { k, centres, labels, wss };
}

export function kMeans(points: Float64Array, d: number, k: number, random: () => number, restarts = 5, maxIterations = 100): Clustering {
  const n = points.length / d;
  if (!Number.isInteger(n) || n < k || k < 1) throw new RangeError(`kMeans: need at least k = ${k} points of ${d} dimensions, got ${points.length} values`);
  let best: Clustering | undefined;
  for (let r = 0; r < restarts; r++) {
    const c = lloyd(points, n, d, k, seed(points, n, d, k, random), maxIterations);
    if (!best || c.wss < best.wss) best = c;
  }
  return best!;
}

/**
 * Mean silhouette of the points at `sample` indices, distances measured within the sample:
 * s = (b − a) / max(a, b) with a the mean distance to its own cluster and b to the nearest other.
 * A point alone in its cluster scores 0 (Rousseeuw's convention). NaN with fewer than two clusters.
 */
export function meanSilhouette(points: Float64Array, d: number, labels: Int32Array, k: number, sample: Int32Array): number {
  const m = sample.length;
  const q = new Float64Array(m * d);
  const lab = new Int32Array(m);
  const counts = new Float64Array(k);
  for (let x = 0; x < m; x++) {
    q.set(points.subarray(sample[x] * d, sample[x] * d + d), x * d);
    lab[x] = labels[sample[x]];
    counts[lab[x]]++;
  }
  if (counts.filter((c) => c > 0).length < 2) return NaN;
  // Summed distance of each sampled point to each cluster, every pair measured once.
  const acc = new Float64Array(m * k);
  for (let x = 0; x < m; x++) {
    for (let y = x + 1; y < m; y++) {
      let s = 0;
      for (let r = 0; r < d; r++) {
        const diff = q[x * d + r] - q[y * d + r];
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      acc[x * k + lab[y]] += dist;
      acc[y * k + lab[x]] += dist;
    }
  }
  let total = 0;
  for (let x = 0; x < m; x++) {
    const own = lab[x];
    if (counts[own] <= 1) continue;
    const a = acc[x * k + own] / (counts[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c] > 0) b = Math.min(b, acc[x * k + c] / counts[c]);
    const den = Math.max(a, b);
    total += den > 0 ? (b - a) / den : 0;
  }
  return total / m;
}
