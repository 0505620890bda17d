import { Command } from 'commander';
import { RawRetentionService, RollupService, telemetryErrors } from '@fleetgate/telemetry';
import { progressLine } from '../progress-bar.util';
import { print, service, withOperator } from '../cli-context';

/** `fleetgate rollups status | rebuild | prune-raw`: the hourly rollups of data stored before they existed, and raw retention. */
export function rollupsCommand(program: Command): void {
  const rollups = program.command('rollups').description('hourly rollups of stored telemetry (kept at ingest; back-fill for data stored before)');
  rollups
    .command('status')
    .description('how many stored day chunks have no rollup yet (readers summarise those from raw samples on the way)')
    .option('--machine <asset id>', 'one machine only')
    .option('--json', 'machine-readable output')
    .action(async (opts: { machine?: string; json?: boolean }) => {
      const { missing, rawPruned } = await withOperator(async (app) => ({
        missing: await service(app, RollupService).missing(opts.machine),
        rawPruned: await service(app, RawRetentionService).prunedDays(opts.machine),
      }));
      print(!!opts.json, { missing, rawPruned }, () =>
        [
          missing === 0 ? 'every stored day has its rollup' : `${missing} stored day chunk(s) without a rollup: run \`fleetgate rollups rebuild\``,
          ...(rawPruned ? [`${rawPruned} day chunk(s) hold their rollup only (raw samples pruned by raw retention)`] : []),
        ].join('\n'),
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
  rollups
    .command('prune-raw')
    .description('raw retention now: drop the raw samples of days older than N whole days whose rollup is stored (the hours stay)')
    .option('--older-than <days>', 'keep this many whole UTC days of raw samples before today (default FLEETGATE_RAW_RETENTION_DAYS)')
    .option('--machine <asset id>', 'one machine only')
    .option('--json', 'machine-readable output')
    .action(async (opts: { olderThan?: string; machine?: string; json?: boolean }) => {
      if (opts.olderThan !== undefined && !/^\d+$/.test(opts.olderThan))
        throw telemetryErrors.badOption(`--older-than: expected a whole number of days, got "${opts.olderThan}"`);
      const olderThanDays = opts.olderThan === undefined ? undefined : Number(opts.olderThan);
      const result = await withOperator((app) => service(app, RawRetentionService).prune({ olderThanDays, machine: opts.machine }));
      print(!!opts.json, result, () =>
        [
          `pruned the raw samples of ${result.pruned} day chunk(s) of ${result.machines} machine(s) before ${result.before} (their rollups stay)`,
          ...(result.keptWithoutRollup
            ? [`${result.keptWithoutRollup} older day chunk(s) have no rollup and keep their samples: run \`fleetgate rollups rebuild\`, then prune again`]
            : []),
        ].join('\n'),
      );
    });
}
