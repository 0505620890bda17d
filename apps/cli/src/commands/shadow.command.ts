import { Command } from 'commander';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';
import { shadowText, ShadowView } from '../shadow-format.util';
import { versionId } from './evaluate.command';

/** `shadow start|show|stop` (via the api): a candidate scored alongside production, never raising alarms. */
export function shadowCommand(program: Command): void {
  const shadow = program.command('shadow').description('score a candidate version alongside production on the same windows (via the api)');
  shadow
    .command('start <candidate>')
    .description('start a shadow of <model@version> on these machines')
    .requiredOption('--machines <assetIds>', 'comma-separated asset ids (machines with a production deployment)')
    .option('--json', 'machine-readable output')
    .action(async (ref: string, o: { machines: string; json?: boolean }) => {
      const assetIds = o.machines
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      if (!assetIds.length) throw new CliError('--machines: give at least one asset id', 2);
      const s = await api<ShadowView>('POST', '/shadows', { candidateVersionId: await versionId(ref), assetIds });
      print(!!o.json, s, () => `shadow ${s.id} started: ${s.candidateVersionId} on ${s.machineIds.length} machines`);
    });
  shadow
    .command('show <id>')
    .description('agreement with production (overall and per machine model and site), rank correlation, failures caught')
    .option('--json', 'machine-readable output (per machine too)')
    .action(async (id: string, o: { json?: boolean }) => {
      const s = await api<ShadowView>('GET', `/shadows/${encodeURIComponent(id)}`);
      print(!!o.json, s, () => shadowText(s));
    });
  shadow
    .command('stop <id>')
    .description('stop a shadow (its compared windows stay)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { json?: boolean }) => {
      const s = await api<ShadowView>('POST', `/shadows/${encodeURIComponent(id)}/stop`);
      print(!!o.json, s, () => `shadow ${s.id} stopped at ${s.stoppedAt}`);
    });
}
