import { Command } from 'commander';
import type { LiveStatus } from '@fleetgate/telemetry';
import { api } from '../api-client';
import { print } from '../cli-context';
import { ingestStatusText } from '../ingest-format.util';

export function ingestCommand(program: Command): void {
  const ingest = program.command('ingest').description('the live (MQTT) telemetry ingest (via the api)');
  ingest
    .command('status')
    .description('messages and samples per minute, the last message per machine, dead letters by reason (admin, reliability engineer)')
    .option('--json', 'machine-readable output (the per-minute counters of the last hour too)')
    .action(async (opts: { json?: boolean }) => {
      const s = await api<LiveStatus>('GET', '/ingest/status');
      print(!!opts.json, s, () => ingestStatusText(s));
    });
}
