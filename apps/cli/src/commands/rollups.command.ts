import { Command } from 'commander';
import { RollupService } from '@fleetgate/telemetry';
import { progressLine } from '../progress-bar.util';
import { print, service, withOperator } from '../cli-context';

/** `fleetgate rollups status | rebuild`: the hourly rollups of data stored before they existed. */
export function rollupsCommand(program: Command): void {
  const rollups = program.command('rollups').description('hourly rollups of stored telemetry (kept at ingest; back-fill for data stored before)');
  rollups
    .command('status')
    .description('how many stored day chunks have no rollup yet (readers summarise those from raw samples on the way)')
    .option('--machine <asset id>', 'one machine only')
    .option('--json', 'machine-readable output')
    .action(async (opts: { machine?: string; json?: boolean }) => {
      const missing = await withOperator((app) => service(app, RollupService).missing(opts.machine));
      print(!!opts.json, { missing }, () =>
        missing === 0 ? 'every stored day has its rollup' : `${missing} stored day chunk(s) without a rollup: run \`fleetgate rollups rebuild\``,
      );
    });
  rollups
    .command('rebuild')
    .description('store the rollups of day chunks that have none (resumable: a stopped run continues where it stopped)')
    .option('--machine <asset id>', 'one machine only')
    .option('--json', 'machine-readable output')
    .action(async (opts: { machine?: string; json?: boolean }) => {
      const started = Date.now();
      const tty = process.stderr.isTTY;
      let last = 0;
      const result = await withOperator((app) =>
        service(app, RollupService).rebuild({ machine: opts.machine }, (done, total) => {
          if (!tty && done !== total && Date.now() - last < 2000) return;
          last = Date.now();
          process.stderr.write(`${tty ? '\r' : ''}${progressLine(done, 0, total, Date.now() - started)}${tty ? '' : '\n'}`);
        }),
      );
      if (tty && result.rollups > 0) process.stderr.write('\n');
      const seconds = (Date.now() - started) / 1000;
      print(!!opts.json, { ...result, seconds }, () =>
        result.rollups === 0
          ? 'nothing to rebuild: every stored day has its rollup'
          : `stored ${result.rollups} day rollup(s) for ${result.machines} machine(s) in ${seconds.toFixed(1)} s${result.remaining ? `; ${result.remaining} still missing (run again)` : ''}`,
      );
    });
}
