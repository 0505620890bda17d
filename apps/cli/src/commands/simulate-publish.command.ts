import { Command } from 'commander';
import { parseDuration } from '@fleetgate/common';
import { PublishProgress, PublishSummary, SimulatePublishService } from '@fleetgate/telemetry';
import { CliError, print, service, withOperator } from '../cli-context';

interface PublishFlags {
  speed: string;
  machines?: string;
  for: string;
  seed?: string;
  json?: boolean;
}

function speed(text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0 || v > 1e9)
    throw new CliError(`--speed must be a number above 0 (1 = real time, 3600 = an hour per second), got "${text}"`, 2);
  return v;
}

/** A count of machines (the first n of the fleet) or asset ids separated by commas. */
function machines(text: string | undefined): string[] | number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text.trim())) {
    const n = Number(text);
    if (n < 1) throw new CliError(`--machines must be a count of at least 1 or asset ids, got "${text}"`, 2);
    return n;
  }
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids.length) throw new CliError(`--machines must be a count or asset ids separated by commas, got "${text}"`, 2);
  return ids;
}

function duration(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`--for: ${(error as Error).message}`, 2);
  }
}

function seed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v)) throw new CliError(`--seed must be an integer, got "${text}"`, 2);
  return v;
}

function progressText(p: PublishProgress): string {
  return `tick ${p.tick}/${p.ticks}: ${p.messages} messages, ${p.samples} samples, simulated time ${p.reached}`;
}

function summaryText(s: PublishSummary): string {
  return (
    `published ${s.messages} messages (${s.samples} samples) for ${s.machines} machines of seed ${s.seed} to ${s.topicPrefix}/<asset id>, ` +
    `simulated ${s.from} – ${s.reached} at ${s.speed}×${s.stopped ? '; stopped by a signal before the end' : ''}`
  );
}

/** `simulate publish`: the stored simulated fleet, continued past its history, live over MQTT. */
export function simulatePublishCommand(simulate: Command): void {
  simulate
    .command('publish')
    .description(
      'continue each machine of the stored simulated fleet from the end of its history (same seed, same planted failures) and publish raw-tag ' +
        'payloads to MQTT_URL on <FLEETGATE_MQTT_TOPIC_PREFIX>/<asset id> at N× real time, QoS 1; stops cleanly on SIGINT/SIGTERM (operator)',
    )
    .requiredOption('--speed <N>', 'simulated seconds per second: 1 = real time, 3600 = an hour of data per second')
    .option('--machines <n|ids>', 'the first n machines of the fleet, or asset ids separated by commas (default: all)')
    .option('--for <duration>', 'simulated time to publish per machine, e.g. 2h, 2d', '1d')
    .option('--seed <n>', 'the stored fleet of this seed (default: the latest `simulate` run)')
    .option('--json', 'machine-readable summary')
    .action(async (opts: PublishFlags) => {
      const options = { speed: speed(opts.speed), machines: machines(opts.machines), forMs: duration(opts.for), seed: seed(opts.seed) };
      const tty = process.stderr.isTTY;
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const summary = await withOperator(async (app) => {
          const publisher = service(app, SimulatePublishService);
          process.stderr.write('generating the continuation…\n');
          const prepared = await publisher.prepare(options, stop.signal);
          return publisher.publish(prepared, options, stop.signal, (p) => {
            if (tty || p.tick % 60 === 1 || p.tick === p.ticks) process.stderr.write(`${tty ? '\r' : ''}${progressText(p)}${tty ? '' : '\n'}`);
          });
        });
        if (tty) process.stderr.write('\n');
        print(!!opts.json, summary, () => summaryText(summary));
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
