/** Geometry of a Wilson interval drawn as a bar on a 0–100 % track (percent of the track width). */
export interface IntervalBar {
  left: number;
  width: number;
  point: number;
  /** the rule's threshold on the same track, when there is one */
  mark: number | null;
  /** the whole interval is at or above the threshold (passes for sure) / below it (fails for sure) / straddles it */
  side: 'above' | 'below' | 'straddles' | 'none';
}

const clamp = (x: number) => Math.min(100, Math.max(0, x * 100));

export function intervalBar(
  low: number | null | undefined,
  high: number | null | undefined,
  point: number | null | undefined,
  threshold?: number | null,
): IntervalBar | null {
  if (low === null || low === undefined || high === null || high === undefined || Number.isNaN(low) || Number.isNaN(high)) return null;
  const lo = Math.min(low, high);
  const hi = Math.max(low, high);
  const mark = threshold === null || threshold === undefined ? null : clamp(threshold);
  const side = threshold === null || threshold === undefined ? 'none' : lo >= threshold ? 'above' : hi < threshold ? 'below' : 'straddles';
  return { left: clamp(lo), width: Math.max(0.5, clamp(hi) - clamp(lo)), point: clamp(point ?? (lo + hi) / 2), mark, side };
}
