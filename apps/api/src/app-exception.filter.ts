import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException, ErrorDetail, HTTP_STATUS } from '@fleetgate/common';
import { isLockConflict } from '@fleetgate/db';
import { jsonErrorByte, MAX_JSON_DEPTH } from './request-body.util';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: ErrorDetail[];
  errorId?: string;
}

/**
 * The one place errors become HTTP answers: domain exceptions by their kind, Nest's
 * own HttpExceptions (bad JSON, 404 routes, payload too large) as they are, anything
 * else as a 500 carrying an error id that is also in the log.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ status: (n: number) => { json: (b: unknown) => void } }>();
    const body = this.toBody(exception);
    const details = body.statusCode === 400 && !body.errors ? inputDetails(exception, host) : [];
    if (details.length) body.errors = details;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppException) {
      const body: ErrorBody = { statusCode: HTTP_STATUS[exception.kind], code: exception.code, message: exception.message };
      if (exception.details.length) body.errors = exception.details;
      return body;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : String((raw as { message?: unknown }).message ?? exception.message);
      if (status < 500) return { statusCode: status, code: httpCode(status, exception), message: bodyParserMessage(exception) ?? message };
    }
    const parser = bodyParserError(exception);
    if (parser) return parser;
    // Another writer held the database's lock past the busy timeout (SQLite: the worker, under load):
    // the transaction rolled back whole, so the same request may simply be sent again.
    if (isLockConflict(exception))
      return { statusCode: 503, code: 'DATABASE_BUSY', message: 'the database stayed locked by another writer; nothing was written — retry the request' };
    const errorId = randomUUID();
    this.logger.error({ msg: 'unhandled error', errorId, error: exception instanceof Error ? exception.stack : String(exception) });
    return { statusCode: 500, code: 'INTERNAL', message: `internal error (error id ${errorId})`, errorId };
  }
}

function httpCode(status: number, e: HttpException): string {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 404) return 'NOT_FOUND';
  if (status === 400 && bodyParserMessage(e)) return 'MALFORMED_JSON';
  return `HTTP_${status}`;
}

/** body-parser's SyntaxError names the position; say so plainly. */
function bodyParserMessage(e: HttpException): string | undefined {
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof SyntaxError) return `malformed JSON body: ${cause.message}`;
  if (/JSON/.test(e.message) && e.getStatus() === 400) return `malformed JSON body: ${e.message}`;
  return undefined;
}

/**
 * body-parser's own errors (http-errors with a `type` such as 'entity.too.large') reach the
 * filter unmapped; their 4xx status is the answer, not a 500.
 */
function bodyParserError(e: unknown): ErrorBody | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as Error & { status?: unknown; type?: unknown; limit?: unknown; code?: unknown };
  // zlib's errors (a body whose content-encoding lies) come through body-parser with a 400 but no type.
  const zlib = /^Z_/.test(String(err.code));
  if ((typeof err.type !== 'string' && !zlib) || typeof err.status !== 'number' || err.status < 400 || err.status >= 500) return undefined;
  if (zlib) {
    const message = `the body does not decode as its content-encoding says: ${e.message}`;
    return { statusCode: 400, code: 'BAD_CONTENT_ENCODING', message, errors: [{ field: 'content-encoding', message }] };
  }
  const tooDeepAt = (e as { tooDeepAt?: unknown }).tooDeepAt;
  if (typeof tooDeepAt === 'number') {
    const message = `JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
    return { statusCode: 400, code: 'JSON_TOO_DEEP', message: `${message} (byte ${tooDeepAt})`, errors: [{ byte: tooDeepAt, message }] };
  }
  if (err.status === 415)
    return {
      statusCode: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: err.type === 'charset.unsupported' ? `${err.message}: send JSON as UTF-8` : err.message,
    };
  if (err.status === 413 && typeof err.limit === 'number') {
    const limit = `${+(err.limit / 1048576).toFixed(1)} MiB (${err.limit} bytes)`;
    return {
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `request body too large: the limit for this content type is ${limit}; send large files as multipart/form-data (models: POST /api/models/upload)`,
    };
  }
  return { statusCode: err.status, code: err.status === 413 ? 'PAYLOAD_TOO_LARGE' : `HTTP_${err.status}`, message: String(err.message) };
}

/**
 * A 400 that did not come with details still names what is at fault: the byte of a JSON
 * syntax error, or the path of an undecodable percent-escape.
 */
function inputDetails(e: unknown, host: ArgumentsHost): ErrorDetail[] {
  const message = e instanceof Error ? e.message : String(e);
  const cause = (e as { cause?: unknown }).cause;
  const request = host.switchToHttp().getRequest<{ headers?: Record<string, string | undefined> } | undefined>();
  if (e instanceof HttpException && bodyParserMessage(e)) {
    const length = Number(request?.headers?.['content-length']);
    return [
      { byte: jsonErrorByte(cause instanceof Error ? cause.message : message, Number.isFinite(length) ? length : undefined), message: bodyParserMessage(e)! },
    ];
  }
  if (/^Failed to decode param/.test(message)) return [{ field: 'path', message: `${message}: percent-escapes must encode UTF-8` }];
  // multer/busboy: a multipart body that is cut, or a part the route does not take (named when multer knows it).
  if (/multipart|end of form|boundary|unexpected field/i.test(message)) {
    const field = (e as { field?: unknown }).field;
    return [{ field: typeof field === 'string' ? field : 'body', message }];
  }
  return [];
}
