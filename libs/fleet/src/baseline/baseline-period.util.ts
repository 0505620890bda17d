import { ErrorDetail, ISO_TIME_HINT, parseIsoTime } from '@fleetgate/common';

/** A checked baseline period: epoch ms, `fromMs < toMs ≤ now`, with its note. */
export interface BaselinePeriod {
  fromMs: number;
  toMs: number;
  note: string;
}

/** Longest note kept (a sentence or a work-order reference, not a report). */
export const BASELINE_NOTE_MAX = 2000;

/**
 * Checks a requested baseline period (`from`, `to` as ISO instants, `note` why): both valid
 * instants, neither in the future, `from` before `to`, a non-empty note. Pure: every problem is
 * returned naming its field, so a client can fix the whole request at once.
 */
export function checkBaselinePeriod(
  input: { from?: unknown; to?: unknown; note?: unknown },
  nowMs: number,
): { period: BaselinePeriod | null; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const instant = (field: 'from' | 'to'): number | null => {
    const value = input[field];
    if (value === undefined || value === null || value === '') {
      errors.push({ field, message: `${field} is required (${ISO_TIME_HINT})` });
      return null;
    }
    const ms = typeof value === 'string' ? parseIsoTime(value) : null;
    if (ms === null) {
      errors.push({ field, message: `${field} must be ${ISO_TIME_HINT}, got ${JSON.stringify(value)}` });
      return null;
    }
    if (ms > nowMs) {
      errors.push({ field, message: `${field} ${new Date(ms).toISOString()} is in the future: a baseline is a period of data the machine already has` });
      return null;
    }
    return ms;
  };
  const fromMs = instant('from');
  const toMs = instant('to');
  if (fromMs !== null && toMs !== null && fromMs >= toMs)
    errors.push({ field: 'to', message: `to (${new Date(toMs).toISOString()}) must be after from (${new Date(fromMs).toISOString()})` });
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (input.note !== undefined && input.note !== null && typeof input.note !== 'string') errors.push({ field: 'note', message: 'note must be text' });
  else if (!note) errors.push({ field: 'note', message: 'note is required: say why the machine gets a new baseline (e.g. the overhaul it follows)' });
  else if (note.length > BASELINE_NOTE_MAX) errors.push({ field: 'note', message: `note must be at most ${BASELINE_NOTE_MAX} characters` });
  return errors.length || fromMs === null || toMs === null ? { period: null, errors } : { period: { fromMs, toMs, note }, errors };
}
