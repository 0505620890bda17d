import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, invalid } from '@fleetgate/common';

/** Whitelist, refuse unknown fields, transform; every problem named by its field path. */
export function appValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors, '');
      return invalid(`invalid request: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
    },
  });
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
