export interface LabelledEvent {
  ts: number;
  kind: 'failure' | 'maintenance';
}

/**
 * 1 for windows that count as healthy: not overlapping the horizon before a labelled failure,
 * nor the settling time after a failure or maintenance. Windows are [end − windowMs, end).
 */
export function healthyMask(
  windowEndMs: Float64Array,
  windowMs: number,
  events: readonly LabelledEvent[],
  horizonMs: number,
  afterEventMs: number,
): Uint8Array {
  const mask = new Uint8Array(windowEndMs.length).fill(1);
  for (const e of events) {
    const excludeFrom = e.kind === 'failure' ? e.ts - horizonMs : e.ts;
    const excludeTo = e.ts + afterEventMs;
    for (let w = 0; w < windowEndMs.length; w++) {
      const start = windowEndMs[w] - windowMs;
      if (windowEndMs[w] > excludeFrom && start < excludeTo) mask[w] = 0;
    }
  }
  return mask;
}

/** 1 for windows ending within the horizon before a failure (the positives of labelled performance). */
export function preFailureLabels(windowEndMs: Float64Array, failures: readonly number[], horizonMs: number): Uint8Array {
  const labels = new Uint8Array(windowEndMs.length);
  for (const f of failures) {
    for (let w = 0; w < windowEndMs.length; w++) if (windowEndMs[w] > f - horizonMs && windowEndMs[w] <= f) labels[w] = 1;
  }
  return labels;
}
