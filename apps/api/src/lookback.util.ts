import { applyDecorators, Logger } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, registerDecorator, ValidationArguments } from 'class-validator';
import { parseDuration } from '@fleetgate/common';

/*
 * The look-back period of a report ("the last 90d of the data") is `lookback`. It used to be
 * called `window`, the name a model's manifest gives its feature window (`input.window`), so
 * one word meant two things. `window` still works for the look-back period, as a deprecated
 * alias that says so; the manifest keeps its `input.window`.
 */

export const WINDOW_DEPRECATION = 'window is deprecated; use lookback';

/** The response headers a request that used `window` gets (for the OpenAPI description). */
export const WINDOW_DEPRECATION_HEADERS = {
  Deprecation: { description: '`true` when the request used the deprecated `window`', schema: { type: 'string' } },
  Warning: { description: `\`299 - "${WINDOW_DEPRECATION}"\` when the request used the deprecated \`window\``, schema: { type: 'string' } },
};

const absent = (value: unknown): boolean => value === undefined || value === null;

function isDuration(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    parseDuration(value);
    return true;
  } catch {
    return false;
  }
}

/** Duration text as parseDuration reads it (positive: 90d, 12h, 2w, 30m). */
function IsDuration(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDuration',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (a: ValidationArguments) => `${a.property} must be a positive duration such as 90d, 12h or 2w` },
      validator: { validate: isDuration },
    });
}

/** Refuses the deprecated alias when its replacement is given too (which one would win is a guess). */
function NotWith(other: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notWith',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (a: ValidationArguments) => `${a.property} is a deprecated alias of ${other}; give ${other} only` },
      validator: { validate: (value: unknown, a: ValidationArguments) => absent(value) || absent((a.object as Record<string, unknown>)[other]) },
    });
}

/** `lookback`: the last <duration> of the data, validated as a duration. */
export const LookbackProperty = (description: string): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ description, example: '90d' }), IsOptional(), IsDuration());

/** `window`: the deprecated alias of `lookback`; not together with it. */
export const DeprecatedWindowProperty = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      deprecated: true,
      description: 'Deprecated alias of `lookback` (still works; the answer carries `Deprecation` and `Warning` headers). Not together with `lookback`.',
    }),
    IsOptional(),
    IsDuration(),
    NotWith('lookback'),
  );

export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

const logger = new Logger('Deprecation');
let warned = false;

/**
 * The look-back period a request asked for. A request that still says `window` gets it, with a
 * `Deprecation` and a `Warning` header; the log says so once per process, not once per request.
 */
export function lookbackOf(request: { lookback?: string; window?: string }, res: HeaderSink, endpoint: string): string | undefined {
  if (absent(request.window)) return request.lookback ?? undefined;
  res.setHeader('Deprecation', 'true');
  res.setHeader('Warning', `299 - "${WINDOW_DEPRECATION}"`);
  if (!warned) {
    warned = true;
    logger.warn({ msg: WINDOW_DEPRECATION, endpoint });
  }
  return request.window;
}
