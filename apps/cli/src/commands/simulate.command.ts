import { Command } from 'commander';
import * as fs from 'node:fs';
import { DAY_MS, parseDuration, parseIsoTime } from '@fleetgate/common';
import { defaultHistoryEnd, DEFAULT_END_DAYS_AGO } from '@fleetgate/simulator';
import { SimulateService } from '@fleetgate/telemetry';
import { progressLine } from '../progress-bar.util';
import { CliError, operatorActor, print, service, withOperator } from '../cli-context';
import { importText } from './import.command';
import { simulatePublishCommand } from './simulate-publish.command';

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

/** The history's end, whole minutes: `--end` or UTC midnight 30 days ago. */
function historyEnd(text: string | undefined, nowMs: number): number {
  if (text === undefined) return defaultHistoryEnd(nowMs);
  const ms = parseIsoTime(text);
  if (ms === null || ms % 60_000 !== 0) throw new CliError(`--end must be an ISO date or time on a whole minute (e.g. 2026-10-01), got "${text}"`, 2);
  return ms;
}

interface SimulateFlags {
  machines: string;
  days: string;
  end?: string;
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
  // `simulate publish` has options of the same names as `simulate`: each command reads the options after its own name
  program.enablePositionalOptions();
  const simulate = program
    .command('simulate')
    .description('generate a synthetic fleet and store it through the real ingest path (operator); `simulate publish` continues it live over MQTT')
    .enablePositionalOptions()
    .option('--machines <n>', 'number of machines', '400')
    .option('--days <n>', 'days of data', '90')
    .option(
      '--end <ISO date>',
      `end of the history (exclusive): the data cover [end − days, end); default UTC midnight ${DEFAULT_END_DAYS_AGO} days ago, so a live replay stays in the past`,
    )
    .option('--interval <duration>', 'sampling interval of the stored series, e.g. 1h (whole minutes dividing a day)', '1m')
    .option('--seed <n>', 'random seed (same seed → same fleet)', '7')
    .option('--label-share <0..1>', 'share of non-pilot failures recorded as failure events (the rest are withheld; the pilot is always labelled)', '0.7')
    .option('--multi-regime-pilot', 'the pilot runs three speed regimes too')
    .option('--truth <file>', 'write what was planted (failures labelled or withheld, kinds, gaps, domain) as JSON')
    .option('--json', 'machine-readable output')
    .action(async (opts: SimulateFlags) => {
      const days = int('--days', opts.days, 1, 3660);
      const options = {
        machines: int('--machines', opts.machines, 1, 100_000),
        days,
        startMs: historyEnd(opts.end, Date.now()) - days * DAY_MS,
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
        { ...summary, start: truth.start, end: truth.end, seconds, truthFile: opts.truth ?? null },
        () => `${importText(summary)}\n${truth.start} – ${truth.end}; ${seconds.toFixed(1)} s${opts.truth ? `; truth written to ${opts.truth}` : ''}`,
      );
    });
  simulatePublishCommand(simulate);
}
