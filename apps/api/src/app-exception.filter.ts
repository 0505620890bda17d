import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException, ErrorDetail, HTTP_STATUS } from '@fleetgate/common';

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
    const errorId = randomUUID();
    this.logger.error({ msg: 'unhandled error', errorId, error: exception instanceof Error ? exception.stack : String(exception) });
    return { statusCode: 500, code: 'INTERNAL', message: `internal error (error id ${errorId})`, errorId };
  }
}

function httpCode(status: number, e: HttpException): string {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
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
