import { AppException, countReason, ErrorDetail, ReasonCount, reasonsText } from '@fleetgate/common';

export enum FleetErrorCode {
  InvalidFile = 'FLEET_INVALID_FILE',
  InvalidRows = 'FLEET_INVALID_ROWS',
  InvalidName = 'FLEET_INVALID_NAME',
  UnknownSite = 'FLEET_UNKNOWN_SITE',
  UnknownLine = 'FLEET_UNKNOWN_LINE',
  InvalidFilter = 'FLEET_INVALID_FILTER',
  SiteExists = 'FLEET_SITE_EXISTS',
  LineExists = 'FLEET_LINE_EXISTS',
  MachineExists = 'FLEET_MACHINE_EXISTS',
  MachineNotFound = 'FLEET_MACHINE_NOT_FOUND',
  SiteNotFound = 'FLEET_SITE_NOT_FOUND',
  RuleSetNotFound = 'FLEET_RULE_SET_NOT_FOUND',
  SignalExists = 'FLEET_SIGNAL_EXISTS',
  RuleExists = 'FLEET_RULE_EXISTS',
  InvalidBaseline = 'FLEET_INVALID_BASELINE',
  BaselineConflict = 'FLEET_BASELINE_CONFLICT',
}

export class FleetException extends AppException<FleetErrorCode> {}

function summarise(details: ErrorDetail[]): string {
  const where = (d: ErrorDetail) =>
    [d.line !== undefined ? `line ${d.line}` : '', d.row !== undefined ? `row ${d.row}` : '', d.field ?? ''].filter(Boolean).join(' ');
  const first = details[0];
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return first ? `${where(first) ? `${where(first)}: ` : ''}${first.message}${more}` : '';
}

/** `all 6 row(s) refused` / `2 of 6 row(s) refused`, then the count per reason (field + message kind). */
function refusedRows(details: ErrorDetail[], totalRows: number): string {
  if (totalRows === 0) return summarise(details);
  const refused = new Set(details.map((d) => d.line ?? d.row ?? -1)).size;
  const counts: ReasonCount[] = [];
  for (const d of details) countReason(counts, d.field ? `${d.field}: ${d.message}` : d.message, { line: d.line, row: d.row });
  return `${refused >= totalRows ? `all ${totalRows}` : `${refused} of ${totalRows}`} row(s) refused — ${reasonsText(counts)}`;
}

export const fleetErrors = {
  invalidFile: (message: string, details: ErrorDetail[] = []) =>
    new FleetException(FleetErrorCode.InvalidFile, 'invalid', `malformed fleet file: ${message}`, details),
  invalidRows: (details: ErrorDetail[]) =>
    new FleetException(FleetErrorCode.InvalidRows, 'invalid', `fleet rejected, nothing was written: ${summarise(details)}`, details),
  /** A readable fleet file with refused rows (all or nothing: 422, nothing written), the reasons counted. */
  importRefused: (details: ErrorDetail[], totalRows: number) =>
    new FleetException(FleetErrorCode.InvalidRows, 'unprocessable', `fleet file refused, nothing was written: ${refusedRows(details, totalRows)}`, details),
  invalidName: (field: string, message: string) => new FleetException(FleetErrorCode.InvalidName, 'invalid', `${field}: ${message}`, [{ field, message }]),
  unknownSite: (site: string) =>
    new FleetException(FleetErrorCode.UnknownSite, 'invalid', `unknown site ${site} (create it with POST /api/sites, or import a fleet file that names it)`, [
      { field: 'site', message: `unknown site ${site}` },
    ]),
  unknownLine: (site: string, line: string) =>
    new FleetException(FleetErrorCode.UnknownLine, 'invalid', `unknown line ${line} at site ${site} (create it with POST /api/sites/${site}/lines)`, [
      { field: 'line', message: `unknown line ${line} at site ${site}` },
    ]),
  invalidFilter: (details: ErrorDetail[]) =>
    new FleetException(FleetErrorCode.InvalidFilter, 'invalid', `invalid machine filter: ${summarise(details)}`, details),
  siteExists: (site: string) => new FleetException(FleetErrorCode.SiteExists, 'conflict', `site ${site} already exists`, [{ field: 'name', message: 'taken' }]),
  lineExists: (site: string, line: string) =>
    new FleetException(FleetErrorCode.LineExists, 'conflict', `line ${line} already exists at site ${site}`, [{ field: 'name', message: 'taken' }]),
  machineExists: (assetIds: string[]) =>
    new FleetException(FleetErrorCode.MachineExists, 'conflict', `asset id(s) registered meanwhile by someone else: ${assetIds.slice(0, 10).join(', ')}`),
  machineNotFound: (id: string) => new FleetException(FleetErrorCode.MachineNotFound, 'not-found', `machine ${id} not found (give its id or asset id)`),
  siteNotFound: (site: string) => new FleetException(FleetErrorCode.SiteNotFound, 'not-found', `site ${site} not found`),
  ruleSetNotFound: (version: number) => new FleetException(FleetErrorCode.RuleSetNotFound, 'not-found', `mapping rule set version ${version} not found`),
  signalExists: (name: string) =>
    new FleetException(FleetErrorCode.SignalExists, 'conflict', `signal ${name} already exists`, [{ field: 'name', message: 'taken' }]),
  ruleExists: (id: string) =>
    new FleetException(FleetErrorCode.RuleExists, 'conflict', `mapping rule ${id} already exists in the current rules (give the new rule another id)`, [
      { field: 'rule.id', message: 'taken' },
    ]),
  invalidBaseline: (details: ErrorDetail[]) =>
    new FleetException(
      FleetErrorCode.InvalidBaseline,
      'invalid',
      `invalid baseline period: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
      details,
    ),
  baselineConflict: (assetId: string) =>
    new FleetException(
      FleetErrorCode.BaselineConflict,
      'conflict',
      `someone else set a baseline for machine ${assetId} at the same moment; nothing was written — look at its baselines and retry`,
    ),
};
