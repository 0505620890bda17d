/**
 * Pure comparison of a candidate version with production on the same windows (shadow mode).
 * No Nest, no I/O: the shadow report feeds it the windows both versions scored.
 */

/** One window both versions scored: the same machine and window end. */
export interface ShadowWindow {
  windowEndMs: number;
  productionScore: number;
  candidateScore: number;
  /** Production held an alarm open at this window. */
  productionAlarm: boolean;
  /** The candidate's alarm rule would hold an alarm open at this window. */
  candidateAlarm: boolean;
}

export interface AlarmAgreement {
  windows: number;
  both: number;
  productionOnly: number;
  candidateOnly: number;
  neither: number;
  /** (both + neither) / windows; null without windows. */
  agreement: number | null;
}

/** Counts how the two versions' alarm states agree, window by window. */
export function countAgreement(windows: readonly ShadowWindow[]): AlarmAgreement {
  let both = 0;
  let productionOnly = 0;
  let candidateOnly = 0;
  let neither = 0;
  for (const w of windows) {
    if (w.productionAlarm && w.candidateAlarm) both++;
    else if (w.productionAlarm) productionOnly++;
    else if (w.candidateAlarm) candidateOnly++;
    else neither++;
  }
  const n = windows.length;
  return { windows: n, both, productionOnly, candidateOnly, neither, agreement: n ? (both + neither) / n : null };
}

/** Adds agreement counts (e.g. the machines of one segment). */
export function sumAgreement(parts: readonly AlarmAgreement[]): AlarmAgreement {
  const t = { windows: 0, both: 0, productionOnly: 0, candidateOnly: 0, neither: 0 };
  for (const p of parts) {
    t.windows += p.windows;
    t.both += p.both;
    t.productionOnly += p.productionOnly;
    t.candidateOnly += p.candidateOnly;
    t.neither += p.neither;
  }
  return { ...t, agreement: t.windows ? (t.both + t.neither) / t.windows : null };
}

/** Ranks 1..n, ties given the mean of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k].i] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation: Pearson's correlation of the average ranks (ties handled the
 * way scipy's `spearmanr` does). Null with fewer than 2 pairs or when either side is constant.
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new RangeError('spearman: x and y differ in length');
  const n = x.length;
  if (n < 2) return null;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i] - mean;
    const dy = ry[i] - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

export interface AlarmsBeforeFailures {
  failures: number;
  /** Failures with a production alarm open in some window within the horizon before them. */
  production: number;
  candidate: number;
}

/**
 * For each labelled failure, whether either version held an alarm in a window ending within
 * `horizonMs` before it (the evaluation's "detected" reading, on the shadow's windows).
 */
export function alarmsBeforeFailures(windows: readonly ShadowWindow[], failureTimesMs: readonly number[], horizonMs: number): AlarmsBeforeFailures {
  let production = 0;
  let candidate = 0;
  for (const t of failureTimesMs) {
    const before = windows.filter((w) => w.windowEndMs <= t && w.windowEndMs > t - horizonMs);
    if (before.some((w) => w.productionAlarm)) production++;
    if (before.some((w) => w.candidateAlarm)) candidate++;
  }
  return { failures: failureTimesMs.length, production, candidate };
}
