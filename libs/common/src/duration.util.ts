import { DAY_MS, HOUR_MS } from './time.util';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS };

/** No window, horizon or look-back period is longer: beyond it the text is a typo, and epoch-ms arithmetic would leave every column's range. */
export const MAX_DURATION_MS = 100 * 366 * DAY_MS;

/** '90s', '30m', '6h', '7d', '2w' → milliseconds; anything else is refused with the text at fault. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(String(text).trim());
  if (!match) throw new Error(`not a duration: "${text}" (use e.g. 30m, 6h, 7d)`);
  const ms = Number(match[1]) * UNITS[match[2]];
  if (!(ms > 0)) throw new Error(`duration must be positive: "${text}"`);
  if (ms > MAX_DURATION_MS) throw new Error(`duration longer than 100 years: "${text}"`);
  return ms;
}

/** Milliseconds → the shortest exact duration text ('6h', '90m', '1500ms'). */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    if (ms % UNITS[unit] === 0) return `${ms / UNITS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
