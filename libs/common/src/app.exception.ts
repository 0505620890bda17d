/** How an error is answered over HTTP; the global filter maps each kind to a status. */
export type ErrorKind =
  | 'invalid' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409
  | 'unprocessable' // 422
  | 'unavailable'; // 503

/** One thing wrong with the input: the field, the row/line, or the byte at fault. */
export interface ErrorDetail {
  field?: string;
  line?: number;
  row?: number;
  byte?: number;
  message: string;
}

/**
 * Base of every domain exception. Each domain subclasses it with its own code enum
 * (`class FleetException extends AppException<FleetErrorCode> {}`); the api's global
 * filter turns it into a 4xx, the CLI into an exit code.
 */
export class AppException<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly kind: ErrorKind,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  unavailable: 503,
};

export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
}

export function invalid(message: string, details: ErrorDetail[] = []): AppException {
  return new AppException(CommonErrorCode.ValidationFailed, 'invalid', message, details);
}

export function notFound(what: string, id: string | number): AppException {
  return new AppException(CommonErrorCode.NotFound, 'not-found', `${what} ${id} not found`);
}
