import { DAY_MS, ISO_TIME_HINT, parseIsoTime } from '@fleetgate/common';
import { scoringErrors } from './scoring.exception';

/** An optional from/to pair of ISO times (400 naming the field), defaulting to `defaultSpanMs` before `endMs`, at most `maxMs` long. */
export function timeRange(q: { from?: string; to?: string }, endMs: number, defaultSpanMs: number, maxMs: number): { fromMs: number; toMs: number } {
  const time = (field: 'from' | 'to', text: string | undefined): number | null => {
    if (text === undefined || text === '') return null;
    const t = parseIsoTime(text);
    if (t === null) throw scoringErrors.invalid(field, `not ${ISO_TIME_HINT}: "${text}"`);
    return t;
  };
  const to = time('to', q.to) ?? endMs;
  const from = time('from', q.from) ?? to - defaultSpanMs;
  if (!(to > from)) throw scoringErrors.invalid('to', 'must be after from');
  if (to - from > maxMs) throw scoringErrors.invalid('from', `the range may span at most ${Math.round(maxMs / DAY_MS)} days`);
  return { fromMs: from, toMs: to };
}

export const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
