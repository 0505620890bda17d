import { Command } from 'commander';
import * as fs from 'node:fs';
import { DAY_MS, parseDuration } from '@fleetgate/common';
import { SimulateService } from '@fleetgate/telemetry';
import { progressLine } from '../progress-bar.util';
import { CliError, operatorActor, print, service, withOperator } from '../cli-context';
import { importText } from './import.command';

function int(name: string, text: string, min: number, max: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) throw new CliError(`${name} must be an integer in ${min}..${max}, got "${text}"`, 2);
  return v;
}

/** Whole minutes that divide a day, so every day holds the same readings (1m, 5m, 15m, 1h, 2h, …). */
function interval(text: string): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    throw new CliError(`--interval: ${(error as Error).message}`, 2);
  }
  if (ms % 60_000 !== 0 || DAY_MS % ms !== 0) throw new CliError(`--interval must be whole minutes that divide a day (e.g. 1m, 15m, 1h), got "${text}"`, 2);
  return ms;
}

interface SimulateFlags {
  machines: string;
  days: string;
  seed: string;
  interval: string;
  labelShare: string;
  multiRegimePilot?: boolean;
  truth?: string;
  json?: boolean;
}

/** A share in [0, 1]; the simulator's default is 0.7. */
function share(name: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) throw new CliError(`${name} must be a number in 0..1, got "${text}"`, 2);
  return v;
}

export function simulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('generate a synthetic fleet and store it through the real ingest path (operator)')
    .option('--machines <n>', 'number of machines', '400')
    .option('--days <n>', 'days of data', '90')
    .option('--interval <duration>', 'sampling interval of the stored series, e.g. 1h (whole minutes dividing a day)', '1m')
    .option('--seed <n>', 'random seed (same seed → same fleet)', '7')
    .option('--label-share <0..1>', 'share of non-pilot failures recorded as failure events (the rest are withheld; the pilot is always labelled)', '0.7')
    .option('--multi-regime-pilot', 'the pilot runs three speed regimes too')
    .option('--truth <file>', 'write what was planted (failures labelled or withheld, kinds, gaps, domain) as JSON')
    .option('--json', 'machine-readable output')
    .action(async (opts: SimulateFlags) => {
      const options = {
        machines: int('--machines', opts.machines, 1, 100_000),
        days: int('--days', opts.days, 1, 3660),
        seed: int('--seed', opts.seed, -(2 ** 31), 2 ** 31),
        intervalMs: interval(opts.interval),
        labelShare: share('--label-share', opts.labelShare),
        multiRegimePilot: !!opts.multiRegimePilot,
      };
      const started = Date.now();
      const tty = process.stderr.isTTY;
      const { summary, truth } = await withOperator((app) =>
        service(app, SimulateService).simulate(options, operatorActor(), (done, total) => {
          if (tty || done === total || done % 10 === 0)
            process.stderr.write(`${tty ? '\r' : ''}${progressLine(done, 0, total, Date.now() - started)}${tty ? '' : '\n'}`);
        }),
      );
      if (tty) process.stderr.write('\n');
      if (opts.truth) fs.writeFileSync(opts.truth, `${JSON.stringify(truth, null, 2)}\n`);
      const seconds = (Date.now() - started) / 1000;
      print(
        !!opts.json,
        { ...summary, seconds, truthFile: opts.truth ?? null },
        () => `${importText(summary)}\n${seconds.toFixed(1)} s${opts.truth ? `; truth written to ${opts.truth}` : ''}`,
      );
    });
}
