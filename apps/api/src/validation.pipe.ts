import { ArgumentMetadata, Injectable, UnsupportedMediaTypeException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, invalid } from '@fleetgate/common';
import { assertNoNul } from './request-body.util';

const isDtoClass = (metatype: unknown): boolean => typeof metatype === 'function' && ![String, Number, Boolean, Array, Object].includes(metatype as never);

/**
 * Whitelist, refuse unknown fields, transform; every problem named by its field path. Before
 * that: NUL bytes anywhere in a body or query are refused by field path, and a body that
 * arrived as text or bytes where the route takes JSON is a 415 (not a validation of a string).
 */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => {
        const details = flatten(errors, '');
        return invalid(`invalid request: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    assertNoNul(value, metadata.data ?? '');
    if (metadata.type === 'body' && isDtoClass(metadata.metatype) && (typeof value === 'string' || Buffer.isBuffer(value)))
      throw new UnsupportedMediaTypeException('this route takes a JSON body: send it with content-type application/json');
    return super.transform(value, metadata);
  }
}

/** Kept for callers that build the pipe by function. */
export function appValidationPipe(): ValidationPipe {
  return new AppValidationPipe();
}

function flatten(errors: ValidationError[], prefix: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
    out.push(...flatten(e.children ?? [], field));
  }
  return out;
}
