import { AppException, ReasonCount, reasonsText } from '@fleetgate/common';

export enum TelemetryErrorCode {
  UnreadableFile = 'TELEMETRY_UNREADABLE_FILE',
  BadHeader = 'TELEMETRY_BAD_HEADER',
  IntervalMismatch = 'TELEMETRY_INTERVAL_MISMATCH',
  UnknownMachine = 'TELEMETRY_UNKNOWN_MACHINE',
  BadWindow = 'TELEMETRY_BAD_WINDOW',
  BadOption = 'TELEMETRY_BAD_OPTION',
  NothingImported = 'TELEMETRY_NOTHING_IMPORTED',
  RawPruned = 'TELEMETRY_RAW_PRUNED',
}

/** Rejections a refused import lists in its error details (the counts per reason cover all of them). */
export const REFUSED_LISTED = 50;

export class TelemetryException extends AppException<TelemetryErrorCode> {}

export const telemetryErrors = {
  unreadable: (file: string, why: string) =>
    new TelemetryException(TelemetryErrorCode.UnreadableFile, 'invalid', `cannot import ${file}: ${why}; nothing was written`),
  badHeader: (file: string, why: string) =>
    new TelemetryException(TelemetryErrorCode.BadHeader, 'invalid', `cannot import ${file}: ${why}; nothing was written`, [{ line: 1, message: why }]),
  intervalMismatch: (signal: string, stored: number, incoming: number) =>
    new TelemetryException(
      TelemetryErrorCode.IntervalMismatch,
      'conflict',
      `series ${signal} is stored every ${stored} ms (grid phase included); incoming samples every ${incoming} ms do not fit it`,
    ),
  unknownMachine: (id: string) => new TelemetryException(TelemetryErrorCode.UnknownMachine, 'not-found', `machine ${id} not found`),
  badWindow: (why: string, field?: string) => new TelemetryException(TelemetryErrorCode.BadWindow, 'invalid', why, field ? [{ field, message: why }] : []),
  /** A window longer than FLEETGATE_MAX_LOOKBACK_DAYS, refused before anything is read. */
  windowTooLong: (field: string, days: number, maxDays: number) =>
    new TelemetryException(
      TelemetryErrorCode.BadWindow,
      'invalid',
      `${field}: the window spans ${Math.ceil(days)} days; at most ${maxDays} days may be read at once (FLEETGATE_MAX_LOOKBACK_DAYS)`,
      [{ field, message: `window longer than ${maxDays} days` }],
    ),
  /** Raw samples of the day were dropped by raw retention (its hourly rollup is kept): a read that needs them, or a write into the day. */
  rawPruned: (signal: string, dayMs: number, doing: 'read' | 'write') =>
    new TelemetryException(
      TelemetryErrorCode.RawPruned,
      'conflict',
      `raw samples of ${signal} on ${new Date(dayMs).toISOString().slice(0, 10)} were pruned by raw retention (its hourly rollup is kept); ${
        doing === 'read' ? 'nothing before the retention horizon can be read sample by sample' : 'writes into a pruned day are refused; nothing was written'
      }`,
      [{ field: signal, message: `day ${new Date(dayMs).toISOString().slice(0, 10)} pruned` }],
    ),
  badOption: (why: string) => new TelemetryException(TelemetryErrorCode.BadOption, 'invalid', why),
  /** Every row (or value) of a readable file was refused: nothing was written; the reasons counted, the first ones listed. */
  nothingImported: (
    file: string,
    s: { rowsRead: number; rejected: number; rejections: Array<{ line: number; column?: string; reason: string }>; rejectedByReason: ReasonCount[] },
  ) =>
    new TelemetryException(
      TelemetryErrorCode.NothingImported,
      'unprocessable',
      `cannot import ${file}: every row was refused (${s.rowsRead} row(s) read, ${s.rejected} rejection(s)); nothing was written — ${reasonsText(s.rejectedByReason)}`,
      s.rejections.slice(0, REFUSED_LISTED).map((r) => ({ line: r.line, ...(r.column ? { field: r.column } : {}), message: r.reason })),
    ),
};
