import { DAY_MS } from '@fleetgate/common';

/** Julian year: ages are fractional years, the same unit the simulator draws them in. */
export const YEAR_MS = 365.25 * DAY_MS;

/** 'YYYY-MM-DD' of an epoch-ms instant, in UTC. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(ms) && utcDate(ms) === text;
}

/** Age in (Julian) years at `atMs` of a machine commissioned at midnight UTC of `commissionedAt`. */
export function ageInYears(commissionedAt: string, atMs: number): number {
  return (atMs - Date.parse(`${commissionedAt}T00:00:00Z`)) / YEAR_MS;
}

/**
 * The commissioning date (YYYY-MM-DD) of a machine `ageYears` (Julian) old on `at` (YYYY-MM-DD):
 * `at − ageYears × 365.25 d`, rounded to the nearest day, so `ageInYears` on `at` gives the
 * age back within half a day.
 */
export function commissionedFromAge(ageYears: number, at: string): string {
  const ms = Date.parse(`${at}T00:00:00Z`) - ageYears * YEAR_MS;
  return utcDate(Math.round(ms / DAY_MS) * DAY_MS);
}

/**
 * The commissioning-date bounds (inclusive, YYYY-MM-DD) of the machines whose age at `atMs`
 * lies in [minYears, maxYears]. Dates compare as text, so the database filters on the column.
 * age ≥ min ⇔ commissioned ≤ at − min·Y ⇔ date ≤ floor-date(at − min·Y);
 * age ≤ max ⇔ commissioned ≥ at − max·Y ⇔ date ≥ ceil-date(at − max·Y).
 */
export function commissioningBounds(atMs: number, minYears?: number, maxYears?: number): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (minYears !== undefined) out.to = utcDate(atMs - minYears * YEAR_MS);
  if (maxYears !== undefined) {
    const t = atMs - maxYears * YEAR_MS;
    const floor = Math.floor(t / DAY_MS) * DAY_MS;
    out.from = utcDate(floor === t ? t : floor + DAY_MS);
  }
  return out;
}
