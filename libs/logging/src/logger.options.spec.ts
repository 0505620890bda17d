import pino from 'pino';
import { Writable } from 'node:stream';
import { runWithContext } from '@fleetgate/common';
import { loadConfig } from '@fleetgate/config';
import { pinoOptions } from './logger.options';

/** A pino logger with fleetgate's options, writing its lines into an array. */
function capture(env: Record<string, string> = {}) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino(pinoOptions(loadConfig(env)), stream), lines };
}

describe('pinoOptions', () => {
  it('appends the work context after the line’s own keys, in order, without overriding them', () => {
    const { logger, lines } = capture({ LOG_LEVEL: 'debug' });
    runWithContext({ requestId: 'req-1', jobId: 'evaluate-machine__r1__m1', runId: 'r1', machineId: 'm1' }, () =>
      logger.debug({ context: 'MachineEvaluator', msg: 'machine evaluated', runId: 'r1', machineId: 'm1', verdict: 'generalizes' }),
    );
    // The e2e suites' log reader relies on msg, runId and machineId following each other.
    expect(lines[0]).toContain(
      '"msg":"machine evaluated","runId":"r1","machineId":"m1","verdict":"generalizes","requestId":"req-1","jobId":"evaluate-machine__r1__m1"',
    );
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'debug', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
  });

  it('never writes a token: censored fields, scrubbed text and errors', () => {
    const { logger, lines } = capture();
    const token = 'fg_AbCdEfGhIjKlMnOpQrStUvWxYz0123';
    logger.info({ msg: 'login', token, req: { headers: { authorization: `Bearer ${token}`, cookie: `fleetgate_admin=${token}` } } });
    logger.warn(`refused Bearer ${token}`);
    logger.error({ msg: 'failed', err: new Error(`token ${token} revoked`) });
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain(token.slice(3));
    expect(JSON.parse(lines[0])).toMatchObject({ token: '[redacted]', req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } } });
  });

  it('follows LOG_LEVEL (log = info)', () => {
    const { logger, lines } = capture({ LOG_LEVEL: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });
});
