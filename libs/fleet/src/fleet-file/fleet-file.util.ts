import { parse } from 'csv-parse/sync';
import { ErrorDetail } from '@fleetgate/common';
import { fleetErrors } from '../fleet.exception';
import { FleetRow } from './fleet-row';

export type FleetFileFormat = 'csv' | 'json';

export interface ParsedFleetFile {
  /** Rows as written (strings, not yet checked); each carries its CSV line or JSON index. */
  rows: FleetRow[];
  /** Rows that could not even be read as a machine (wrong column count, not an object). */
  errors: ErrorDetail[];
}

/** CSV header → FleetRow field; every other column becomes an attribute. */
const CSV_COLUMNS: Record<string, keyof FleetRow> = {
  asset_id: 'assetId',
  site: 'site',
  line: 'line',
  machine_model: 'machineModel',
  manufacturer: 'manufacturer',
  commissioned_at: 'commissionedAt',
  age_years: 'ageYears',
  age_at: 'ageAt',
  criticality: 'criticality',
  raw_tags: 'rawTags',
};
/** A fleet file needs these; the commissioning date comes from `commissioned_at` or `age_years` (+ `age_at`). */
const REQUIRED_CSV = ['asset_id', 'site', 'machine_model', 'raw_tags'];
const DATE_COLUMNS = ['commissioned_at', 'age_years'];
export const TAG_SEPARATOR = '|';

/**
 * Reads a fleet file. A file that cannot be read at all (bad JSON, no header, unclosed quote)
 * throws an `invalid` FleetException; a row that cannot be read is reported in `errors`
 * so that the caller can list it together with every other bad row.
 */
export function parseFleetFile(content: string, format: FleetFileFormat): ParsedFleetFile {
  if (typeof content !== 'string' || content.trim() === '') throw fleetErrors.invalidFile('the file is empty', [{ line: 1, message: 'the file is empty' }]);
  if (format === 'csv') return parseFleetCsv(content);
  if (format === 'json') return parseFleetJson(content);
  throw fleetErrors.invalidFile(`unknown format "${format}" (csv or json)`);
}

/** `csv` for *.csv, `json` for *.json, else by the first character. */
export function detectFleetFormat(fileName: string, content: string): FleetFileFormat {
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.json$/i.test(fileName)) return 'json';
  return /^\s*[[{]/.test(content) ? 'json' : 'csv';
}

type CsvRecord = { record: string[]; info: { lines: number } };

export function parseFleetCsv(content: string): ParsedFleetFile {
  let records: CsvRecord[];
  try {
    records = parse(content, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }) as CsvRecord[];
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw fleetErrors.invalidFile(e.message, e.lines !== undefined ? [{ line: e.lines, message: e.message }] : []);
  }
  if (records.length === 0) throw fleetErrors.invalidFile('the file is empty', [{ line: 1, message: 'the file is empty' }]);
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const headerErrors: ErrorDetail[] = [];
  const missing = REQUIRED_CSV.filter((c) => !header.includes(c));
  if (!DATE_COLUMNS.some((c) => header.includes(c))) missing.push(DATE_COLUMNS.join(' or '));
  if (missing.length)
    headerErrors.push({
      line: records[0].info.lines,
      message: `missing column(s): ${missing.join(', ')} (columns: ${Object.keys(CSV_COLUMNS).join(',')}; manufacturer, criticality, line and age_at are optional)`,
    });
  header.forEach((h, i) => {
    if (!h) headerErrors.push({ line: records[0].info.lines, field: `column ${i + 1}`, message: 'empty column name' });
    else if (header.indexOf(h) !== i) headerErrors.push({ line: records[0].info.lines, field: h, message: `column "${h}" appears twice` });
  });
  if (headerErrors.length) throw fleetErrors.invalidFile(headerErrors[0].message, headerErrors);

  const rows: FleetRow[] = [];
  const errors: ErrorDetail[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) {
      errors.push({ line: info.lines, message: `expected ${header.length} columns, found ${record.length}` });
      continue;
    }
    const row: Record<string, unknown> = { sourceLine: info.lines };
    const attributes: Record<string, string | number> = {};
    header.forEach((column, i) => {
      const cell = record[i];
      const field = CSV_COLUMNS[column];
      if (field === 'rawTags')
        row.rawTags = cell
          .split(TAG_SEPARATOR)
          .map((t) => t.trim())
          .filter(Boolean);
      else if (field) {
        if (cell !== '') row[field] = cell;
      } else if (cell !== '') attributes[column] = attributeValue(cell);
    });
    if (Object.keys(attributes).length) row.attributes = attributes;
    rows.push(row as unknown as FleetRow);
  }
  return { rows, errors };
}

/** A cell that is exactly a number's own spelling becomes a number ('12.5'); '0042' stays text. */
function attributeValue(cell: string): string | number {
  const n = Number(cell);
  return Number.isFinite(n) && String(n) === cell ? n : cell;
}

export function parseFleetJson(content: string): ParsedFleetFile {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw fleetErrors.invalidFile(`not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? (data as { machines?: unknown }).machines : undefined;
  if (!Array.isArray(list)) throw fleetErrors.invalidFile('expected a JSON array of machines or an object { "machines": [...] }');
  if (!Array.isArray(data)) {
    const extra = Object.keys(data as object).filter((k) => k !== 'machines');
    if (extra.length)
      throw fleetErrors.invalidFile(
        `unknown top-level field(s): ${extra.join(', ')}`,
        extra.map((field) => ({ field, message: 'unknown field' })),
      );
  }
  const rows: FleetRow[] = [];
  const errors: ErrorDetail[] = [];
  list.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push({ row: index, message: 'a machine must be a JSON object' });
      return;
    }
    const row = { ...(item as Record<string, unknown>) };
    // The location comes from the file, never from its content.
    for (const key of ['sourceLine', 'sourceRow'])
      if (key in row) {
        errors.push({ row: index, field: key, message: `unknown field "${key}"` });
        delete row[key];
      }
    rows.push({ ...row, sourceRow: index } as unknown as FleetRow);
  });
  return { rows, errors };
}
