import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as os from 'node:os';
import { AppConfig, loadConfig } from '@fleetgate/config';
import { AppException } from '@fleetgate/common';
import { OperatorModule } from './operator.module';

/** Operator commands act on the configured database directly; their audit actor is `cli:<os user>`. */
export const operatorActor = (): string => `cli:${os.userInfo().username}`;

export async function withOperator<T>(fn: (app: INestApplicationContext) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const app = await NestFactory.createApplicationContext(OperatorModule.forRoot({ migrate: opts.migrate ?? true }), { logger: ['error'] });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

export function service<T>(app: INestApplicationContext, type: Type<T>): T {
  return app.get(type, { strict: false });
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly details: Array<{ field?: string; line?: number; row?: number; message: string }> = [],
  ) {
    super(message);
  }
}

/** Prints a result: JSON with --json, else the human text. */
export function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Errors on stderr, exit 2 for bad input (what a 4xx would be), 1 otherwise. */
export function reportError(error: unknown, json: boolean): number {
  const message = error instanceof Error ? error.message : String(error);
  let details: CliError['details'] = [];
  let code = 1;
  if (error instanceof AppException) {
    details = error.details;
    code = error.kind === 'unavailable' ? 1 : 2;
  } else if (error instanceof CliError) {
    details = error.details;
    code = error.exitCode;
  }
  if (json) process.stderr.write(`${JSON.stringify({ error: message, errors: details })}\n`);
  else {
    process.stderr.write(`error: ${message}\n`);
    for (const d of details.slice(0, 200)) {
      const where = [d.line !== undefined ? `line ${d.line}` : '', d.row !== undefined ? `row ${d.row}` : '', d.field ?? ''].filter(Boolean).join(' ');
      process.stderr.write(`  ${where ? `${where}: ` : ''}${d.message}\n`);
    }
    if (details.length > 200) process.stderr.write(`  … and ${details.length - 200} more\n`);
  }
  return code;
}

export function config(): AppConfig {
  return loadConfig();
}
