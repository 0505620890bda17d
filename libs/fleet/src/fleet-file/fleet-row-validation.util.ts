import { ErrorDetail } from '@fleetgate/common';
import { CRITICALITIES, Criticality, FLEET_ROW_FIELDS, FleetRow, MachineAttributes, NAME_PATTERN, NAME_RULE } from './fleet-row';
import { commissionedFromAge, isCalendarDate, utcDate } from '../machine/machine-age.util';

export interface RowCheckOptions {
  /** "Now" for the commissioning-date check (epoch ms). */
  nowMs: number;
  /** Asset ids already registered: a row naming one is refused (import), or skipped by the caller (ensure). */
  existingAssetIds?: ReadonlySet<string>;
}

export interface RowCheck {
  /** The rows trimmed and typed, in input order (only meaningful when `errors` is empty). */
  rows: FleetRow[];
  errors: ErrorDetail[];
}

const KNOWN_FIELDS = new Set<string>([...FLEET_ROW_FIELDS, 'sourceLine', 'sourceRow']);
const MAX_TEXT = 200;
const MAX_TAGS = 500;
const MAX_ATTRIBUTES = 50;
const EARLIEST_DATE = '1900-01-01';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Checks every row and returns every problem, each located by CSV line (`line`) or array
 * index (`row`) and field, so one answer lists all that must be fixed. Pure: the caller
 * supplies the registered asset ids and the clock.
 */
export function checkFleetRows(input: readonly unknown[], opts: RowCheckOptions): RowCheck {
  const errors: ErrorDetail[] = [];
  const rows: FleetRow[] = [];
  if (!Array.isArray(input) || input.length === 0) return { rows, errors: [{ field: 'machines', message: 'the fleet has no machines' }] };
  const today = utcDate(opts.nowMs);
  const firstSeen = new Map<string, string>();

  input.forEach((raw, index) => {
    const where = location(raw, index);
    const fail = (field: string | undefined, message: string) => errors.push({ ...where, ...(field ? { field } : {}), message });
    if (!isObject(raw)) {
      fail(undefined, 'a machine must be an object');
      return;
    }
    for (const key of Object.keys(raw)) if (!KNOWN_FIELDS.has(key)) fail(key, `unknown field "${key}" (fields: ${FLEET_ROW_FIELDS.join(', ')})`);

    const assetId = text(raw.assetId);
    if (!assetId) fail('assetId', 'asset id is missing');
    else if (!NAME_PATTERN.test(assetId)) fail('assetId', `asset id "${assetId}": ${NAME_RULE}`);
    else if (opts.existingAssetIds?.has(assetId)) fail('assetId', `asset id ${assetId} is already registered`);
    else if (firstSeen.has(assetId)) fail('assetId', `duplicate asset id ${assetId} (first at ${firstSeen.get(assetId)})`);
    else firstSeen.set(assetId, where.line !== undefined ? `line ${where.line}` : `row ${where.row}`);

    const site = text(raw.site);
    if (!site) fail('site', 'site is missing');
    else if (!NAME_PATTERN.test(site)) fail('site', `site "${site}": ${NAME_RULE}`);

    const line = raw.line === undefined || raw.line === null || raw.line === '' ? undefined : text(raw.line);
    if (raw.line !== undefined && raw.line !== null && raw.line !== '' && (!line || !NAME_PATTERN.test(line)))
      fail('line', `line ${JSON.stringify(raw.line)}: ${NAME_RULE}`);

    const machineModel = text(raw.machineModel);
    if (!machineModel || machineModel.length > MAX_TEXT) fail('machineModel', `machine model is missing or longer than ${MAX_TEXT}`);
    // Optional: an unknown manufacturer is null, never an invented name.
    const manufacturer = isBlank(raw.manufacturer) ? null : text(raw.manufacturer);
    if (manufacturer === undefined || (manufacturer && manufacturer.length > MAX_TEXT))
      fail('manufacturer', `manufacturer must be text of at most ${MAX_TEXT} characters (or left out)`);

    const commissionedAt = commissioningDate(raw, today, fail);

    const criticality = isBlank(raw.criticality) ? null : text(raw.criticality)?.toLowerCase();
    if (criticality !== null && !CRITICALITIES.includes(criticality as Criticality))
      fail('criticality', `unknown criticality ${JSON.stringify(raw.criticality)} (${CRITICALITIES.join(' | ')}, or left out)`);

    const rawTags = checkTags(raw.rawTags, fail);
    const attributes = checkAttributes(raw.attributes, fail);

    rows.push({
      assetId: assetId ?? '',
      site: site ?? '',
      ...(line ? { line } : {}),
      machineModel: machineModel ?? '',
      manufacturer: manufacturer ?? null,
      commissionedAt: commissionedAt ?? '',
      criticality: (criticality ?? null) as Criticality | null,
      attributes,
      rawTags,
      ...(where.line !== undefined ? { sourceLine: where.line } : { sourceRow: where.row }),
    } as FleetRow);
  });
  return { rows, errors };
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** A JSON number, or a CSV cell spelling a plain non-negative decimal ('4.5'); NaN otherwise. */
function ageNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^\s*\+?(\d+\.?\d*|\.\d+)\s*$/.test(v) ? Number(v) : NaN;
}

/** Julian years of age above which a machine is surely a typo (the date check then says "before 1900" anyway). */
const MAX_AGE_YEARS = 200;

/**
 * The commissioning date of a row: `commissionedAt` as given, or `ageAt − ageYears` (Julian
 * years, rounded to the nearest day) when the file gives an age. `ageAt` defaults to today (UTC).
 */
function commissioningDate(raw: Record<string, unknown>, today: string, fail: Fail): string | undefined {
  const given = text(raw.commissionedAt);
  const hasAge = !isBlank(raw.ageYears);
  if (given && hasAge) {
    fail('ageYears', 'give the commissioning date or an age, not both');
    return undefined;
  }
  if (!hasAge && !isBlank(raw.ageAt)) fail('ageAt', 'ageAt is the date an age refers to: give ageYears with it');
  let date = given;
  let field = 'commissionedAt';
  if (hasAge) {
    const age = ageNumber(raw.ageYears);
    const at = isBlank(raw.ageAt) ? today : text(raw.ageAt);
    if (!Number.isFinite(age) || age < 0 || age > MAX_AGE_YEARS) {
      fail('ageYears', `age ${JSON.stringify(raw.ageYears)} must be a number of years from 0 to ${MAX_AGE_YEARS}`);
      return undefined;
    }
    if (!at || !isCalendarDate(at)) {
      fail('ageAt', `age reference date ${JSON.stringify(raw.ageAt)} is not a date (use YYYY-MM-DD)`);
      return undefined;
    }
    if (at > today) {
      fail('ageAt', `age reference date ${at} is in the future (today is ${today})`);
      return undefined;
    }
    date = commissionedFromAge(age, at);
    field = 'ageYears';
  }
  if (!date) fail('commissionedAt', 'commissioning date is missing (give commissionedAt, or ageYears with ageAt)');
  else if (!isCalendarDate(date)) fail('commissionedAt', `commissioning date "${date}" is not a date (use YYYY-MM-DD)`);
  else if (date > today) fail('commissionedAt', `commissioning date ${date} is in the future (today is ${today})`);
  else if (date < EARLIEST_DATE) fail(field, `commissioning date ${date} is before ${EARLIEST_DATE}`);
  else return date;
  return undefined;
}

function location(raw: unknown, index: number): { line?: number; row?: number } {
  if (isObject(raw) && Number.isInteger(raw.sourceLine)) return { line: raw.sourceLine as number };
  if (isObject(raw) && Number.isInteger(raw.sourceRow)) return { row: raw.sourceRow as number };
  return { row: index };
}

type Fail = (field: string | undefined, message: string) => void;

function checkTags(value: unknown, fail: Fail): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail('rawTags', 'the raw tag list is empty (a machine without tags has no telemetry to map)');
    return [];
  }
  if (value.length > MAX_TAGS) fail('rawTags', `more than ${MAX_TAGS} raw tags`);
  const seen = new Set<string>();
  const tags: string[] = [];
  value.forEach((tag, i) => {
    const t = typeof tag === 'string' ? tag.trim() : '';
    if (!t || t.length > MAX_TEXT) fail(`rawTags[${i}]`, `raw tag must be a non-empty string of at most ${MAX_TEXT} characters`);
    else if (seen.has(t)) fail(`rawTags[${i}]`, `raw tag "${t}" listed twice`);
    else {
      seen.add(t);
      tags.push(t);
    }
  });
  return tags;
}

function checkAttributes(value: unknown, fail: Fail): MachineAttributes {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    fail('attributes', 'attributes must be an object of strings and numbers');
    return {};
  }
  const out: MachineAttributes = {};
  const keys = Object.keys(value);
  if (keys.length > MAX_ATTRIBUTES) fail('attributes', `more than ${MAX_ATTRIBUTES} attributes`);
  for (const key of keys) {
    const v = value[key];
    if (!key.trim() || key.length > 100) fail(`attributes.${key}`, 'attribute names are 1–100 characters');
    else if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
    else if (typeof v === 'string' && v.length <= MAX_TEXT) out[key] = v;
    else fail(`attributes.${key}`, `attribute value must be a string (≤ ${MAX_TEXT}) or a finite number`);
  }
  return out;
}
