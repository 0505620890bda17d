import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { RequestMethod } from '@nestjs/common';
import { stdTimeFunctions, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';
import { AppConfig } from '@fleetgate/config';
import { currentContext } from '@fleetgate/common';
import { REDACT_PATHS, scrubObject, scrubSecrets } from './redact.util';

const PINO_LEVEL: Record<AppConfig['logLevel'], string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

let silenced = false;
/** Tests that start the api in process turn its logs off before the module is built. */
export function silenceLogs(on: boolean): void {
  silenced = on;
}

/** The context's ids (request, job, run, machine) on every line, after the line's own keys and never over them. */
function appendContext(obj: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown> {
  let out = obj;
  for (const [key, value] of Object.entries(context)) if (value !== undefined && !(key in obj)) (out = out === obj ? { ...obj } : out)[key] = value;
  return out;
}

/** pino options shared by every process: level, redaction, scrubbing, the work context on each line. */
export function pinoOptions(config: AppConfig): LoggerOptions {
  return {
    level: silenced ? 'silent' : PINO_LEVEL[config.logLevel],
    base: { pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // In the api a request's lines already carry its id as a binding (pino-http); do not repeat it.
    mixin: (_obj, _level, logger) => {
      const context = currentContext();
      return context.requestId && 'requestId' in logger.bindings() ? { ...context, requestId: undefined } : context;
    },
    mixinMergeStrategy: (obj, context) => appendContext(obj as Record<string, unknown>, context as Record<string, unknown>),
    formatters: { level: (label) => ({ level: label }), log: (obj) => scrubObject(obj) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

/**
 * nestjs-pino parameters: JSON lines on stdout (or pino-pretty with LOG_FORMAT=pretty); in the
 * api one `request completed` line per request with method, route, status and time, the
 * request id bound to every line logged while serving it (`requestId`, from X-Request-Id or
 * generated), and no header, body or query string.
 */
export function loggerParams(config: AppConfig): Params {
  const options = {
    ...pinoOptions(config),
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true,
    genReqId: (req: IncomingMessage) => (req as { id?: string }).id ?? currentContext().requestId ?? randomUUID(),
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: (req.url ?? '').split('?')[0] }),
      // pino-http hands over its own view of the response; the raw one has the status even for a 204.
      res: (res: { statusCode?: number | null; raw?: { statusCode?: number } }) => ({ statusCode: res.raw?.statusCode ?? res.statusCode }),
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
  };
  // Path-to-regexp 8 syntax for "every route" (nestjs-pino's default `*` draws a warning).
  const forRoutes = [{ path: '{*path}', method: RequestMethod.ALL }];
  if (config.logFormat === 'pretty')
    return { forRoutes, pinoHttp: [options, pinoPretty({ singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' })] };
  return { forRoutes, pinoHttp: options };
}
