/**
 * Which feature windows count as healthy, and which precede a failure. A window is
 * [end − windowMs, end); failures are instants (epoch ms).
 */

/**
 * 1 for a healthy window, 0 for one that overlaps [failure − horizon, failure] of some
 * labelled failure: the degradation the model is meant to catch, not its domain.
 * Windows after a failure (the machine was repaired) count as healthy again.
 */
export function healthyWindowMask(windowEndMs: ArrayLike<number>, windowMs: number, failuresMs: readonly number[], horizonMs: number): Uint8Array {
  const out = new Uint8Array(windowEndMs.length);
  for (let i = 0; i < windowEndMs.length; i++) {
    const end = windowEndMs[i];
    const start = end - windowMs;
    let healthy = 1;
    for (const f of failuresMs) {
      if (end > f - horizonMs && start <= f) {
        healthy = 0;
        break;
      }
    }
    out[i] = healthy;
  }
  return out;
}

/**
 * Failure-probability labels: 1 when a failure happens within `horizonMs` after the
 * window's end, 0 when none does, −1 for a window that contains a failure (neither a
 * warning nor a healthy example: it is dropped from training).
 */
export function failureWithinHorizonLabels(windowEndMs: ArrayLike<number>, windowMs: number, failuresMs: readonly number[], horizonMs: number): Int8Array {
  const out = new Int8Array(windowEndMs.length);
  for (let i = 0; i < windowEndMs.length; i++) {
    const end = windowEndMs[i];
    let label = 0;
    for (const f of failuresMs) {
      if (f >= end - windowMs && f < end) {
        label = -1;
        break;
      }
      if (f >= end && f < end + horizonMs) label = 1;
    }
    out[i] = label;
  }
  return out;
}
