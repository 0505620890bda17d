import { Command } from 'commander';
import type { FleetCoverage } from '@fleetgate/gate';
import { api } from '../api-client';
import { print } from '../cli-context';
import { coverageText } from '../gate-format.util';

export function coverageCommand(program: Command): void {
  program
    .command('coverage')
    .description('which production version serves each machine, and which machines nothing covers (via the api)')
    .option('--site <site>', 'one site')
    .option('--json', 'machine-readable output (every machine)')
    .action(async (opts: { site?: string; json?: boolean }) => {
      const c = await api<FleetCoverage>('GET', `/fleet/coverage${opts.site ? `?site=${encodeURIComponent(opts.site)}` : ''}`);
      print(!!opts.json, c, () => coverageText(c));
    });
}
