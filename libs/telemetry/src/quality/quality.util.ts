import { HOUR_MS, Series } from '@fleetgate/common';
import { median } from '@fleetgate/stats';
import { QUALITY_THRESHOLDS, QualityThresholds } from './quality-thresholds';

export type QualityGrade = 'good' | 'degraded' | 'unusable';
const RANK: Record<QualityGrade, number> = { good: 0, degraded: 1, unusable: 2 };

export interface GapStats {
  /** runs of missing samples */
  count: number;
  /** runs at least `longGapMs` long */
  longCount: number;
  longestMs: number;
  /** all missing time */
  totalMs: number;
}

export interface SignalQuality {
  signal: string;
  intervalMs: number;
  expected: number;
  present: number;
  coverage: number;
  gapFraction: number;
  gaps: GapStats;
  mean: number | null;
  std: number | null;
  flat: boolean;
  stuck: { runs: number; samples: number; share: number; longestRunMs: number };
  /** null when the signal has no valid range in the catalog */
  outOfRange: { count: number; share: number } | null;
  spikes: { count: number; share: number };
  grade: QualityGrade;
  reasons: string[];
}

export function gapStats(values: Float32Array, intervalMs: number, longGapMs: number): GapStats {
  const stats: GapStats = { count: 0, longCount: 0, longestMs: 0, totalMs: 0 };
  let run = 0;
  const close = (): void => {
    if (run === 0) return;
    const ms = run * intervalMs;
    stats.count++;
    stats.totalMs += ms;
    if (ms >= longGapMs) stats.longCount++;
    if (ms > stats.longestMs) stats.longestMs = ms;
    run = 0;
  };
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== values[i]) run++;
    else close();
  }
  close();
  return stats;
}

/** Runs of identical present values at least `minSamples` long (a missing sample ends a run). */
export function stuckRuns(values: Float32Array, minSamples: number): { runs: number; samples: number; longest: number } {
  const out = { runs: 0, samples: 0, longest: 0 };
  let run = 1;
  const close = (): void => {
    if (run >= minSamples) {
      out.runs++;
      out.samples += run;
    }
    if (run > out.longest) out.longest = run;
  };
  let prev = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) {
      if (prev === prev) close();
      run = 0;
    } else if (v === prev) run++;
    else {
      if (prev === prev) close();
      run = 1;
    }
    prev = v;
  }
  if (prev === prev) close();
  return out;
}

/** Samples whose robust z-score (median / MAD) exceeds k; none when MAD is 0 (no spread to measure against). */
export function countSpikes(present: Float64Array, k: number): number {
  if (present.length < 3) return 0;
  const med = median(present);
  const scale = 1.4826 * median(present.map((v) => Math.abs(v - med)));
  if (!(scale > 0)) return 0;
  let n = 0;
  for (let i = 0; i < present.length; i++) if (Math.abs(present[i] - med) / scale > k) n++;
  return n;
}

/**
 * Data quality of one signal over its window: coverage and gaps against the series' own
 * interval, flat and stuck behaviour, out-of-range share against the catalog range, robust
 * spikes, and a grade with the reasons that decided it.
 */
export function signalQuality(
  signal: string,
  series: Series,
  range: { min: number; max: number } | null,
  t: QualityThresholds = QUALITY_THRESHOLDS,
): SignalQuality {
  const { values, intervalMs } = series;
  const expected = values.length;
  const present = new Float64Array(expected);
  let n = 0;
  let sum = 0;
  let outside = 0;
  for (let i = 0; i < expected; i++) {
    const v = values[i];
    if (v !== v) continue;
    present[n++] = v;
    sum += v;
    if (range && (v < range.min || v > range.max)) outside++;
  }
  const xs = present.subarray(0, n);
  const mean = n > 0 ? sum / n : null;
  let std: number | null = null;
  if (mean !== null) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (xs[i] - mean) * (xs[i] - mean);
    std = Math.sqrt(ss / n);
  }
  const coverage = expected > 0 ? n / expected : 0;
  const gaps = gapStats(values, intervalMs, t.longGapMs);
  const flat = n >= 2 && std !== null && mean !== null && std <= t.flatRelStd * Math.max(1, Math.abs(mean));
  const stuckMin = Math.max(t.stuckMinSamples, Math.ceil(t.stuckMinMs / intervalMs));
  // A flat signal is one long stuck run; report it as flat only.
  const stuck = flat ? { runs: 0, samples: 0, longest: 0 } : stuckRuns(values, stuckMin);
  const spikes = flat ? 0 : countSpikes(xs, t.spikeZ);
  const share = (k: number): number => (n > 0 ? k / n : 0);

  const q: SignalQuality = {
    signal,
    intervalMs,
    expected,
    present: n,
    coverage,
    gapFraction: expected > 0 ? 1 - coverage : 1,
    gaps,
    mean,
    std,
    flat,
    stuck: { runs: stuck.runs, samples: stuck.samples, share: share(stuck.samples), longestRunMs: stuck.longest * intervalMs },
    outOfRange: range ? { count: outside, share: share(outside) } : null,
    spikes: { count: spikes, share: share(spikes) },
    grade: 'good',
    reasons: [],
  };
  grade(q, t);
  return q;
}

function grade(q: SignalQuality, t: QualityThresholds): void {
  const fire = (g: QualityGrade, reason: string): void => {
    q.reasons.push(reason);
    if (RANK[g] > RANK[q.grade]) q.grade = g;
  };
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const hours = (ms: number): string => `${(ms / HOUR_MS).toFixed(1)} h`;
  if (q.present === 0) return fire('unusable', 'no samples in the window');
  if (q.coverage < t.unusable.minCoverage) fire('unusable', `coverage ${pct(q.coverage)} < ${pct(t.unusable.minCoverage)}`);
  else if (q.coverage < t.degraded.minCoverage) fire('degraded', `coverage ${pct(q.coverage)} < ${pct(t.degraded.minCoverage)}`);
  if (q.gaps.longestMs > t.degraded.maxLongestGapMs) fire('degraded', `longest gap ${hours(q.gaps.longestMs)} > ${hours(t.degraded.maxLongestGapMs)}`);
  if (q.flat) fire('unusable', `flat: never changes over the window (std ${q.std?.toPrecision(3)})`);
  if (q.stuck.share > t.unusable.maxStuckShare) fire('unusable', `stuck ${pct(q.stuck.share)} of samples`);
  else if (q.stuck.share > t.degraded.maxStuckShare) fire('degraded', `stuck ${pct(q.stuck.share)} of samples (${q.stuck.runs} runs)`);
  if (q.outOfRange) {
    if (q.outOfRange.share > t.unusable.maxOutOfRangeShare) fire('unusable', `out of range ${pct(q.outOfRange.share)}`);
    else if (q.outOfRange.share > t.degraded.maxOutOfRangeShare) fire('degraded', `out of range ${pct(q.outOfRange.share)}`);
  }
  if (q.spikes.share > t.degraded.maxSpikeShare) fire('degraded', `spikes ${pct(q.spikes.share)} (robust z > ${t.spikeZ})`);
}

export function worstGrade(grades: QualityGrade[]): QualityGrade {
  return grades.reduce<QualityGrade>((w, g) => (RANK[g] > RANK[w] ? g : w), 'good');
}
