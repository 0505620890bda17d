import { Command } from 'commander';
import type { DeploymentListItem } from '@fleetgate/gate';
import type { DeliveryView, WebhookView } from '@fleetgate/webhooks';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';
import { deliveriesText, deploymentsText, webhooksText } from '../deployments-format.util';

const query = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined));
  return p.size ? `?${p.toString()}` : '';
};

/** `deployments list|reinstate` (via the api). */
export function deploymentsCommand(program: Command): void {
  const deployments = program.command('deployments').description('active deployments and guard demotions (via the api)');
  deployments
    .command('list')
    .description('active deployments on the machines you may see: machine, model@version, stage, suspended with kind and reason')
    .option('--machine <assetId>', 'one machine')
    .option('--site <site>', 'one site')
    .option('--suspended', 'only suspended deployments')
    .option('--json', 'machine-readable output')
    .action(async (o: { machine?: string; site?: string; suspended?: boolean; json?: boolean }) => {
      const list = await api<DeploymentListItem[]>(
        'GET',
        `/deployments${query({ machine: o.machine, site: o.site, suspended: o.suspended ? 'true' : undefined })}`,
      );
      print(!!o.json, list, () => deploymentsText(list));
    });
  deployments
    .command('reinstate <deploymentId>')
    .description('put a deployment a guard demoted back in service (reliability engineers; audited)')
    .requiredOption('--note <text>', 'why it may serve again')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { note: string; json?: boolean }) => {
      const r = await api<{ deploymentId: string; reinstatedAt: string; note: string }>('POST', `/deployments/${encodeURIComponent(id)}/reinstate`, {
        note: o.note,
      });
      print(!!o.json, r, () => `deployment ${r.deploymentId} reinstated at ${r.reinstatedAt}: ${r.note}`);
    });
}

/** `webhooks add|list|deliveries` (admins, via the api). */
export function webhooksCommand(program: Command): void {
  const webhooks = program.command('webhooks').description('signed webhooks (admins, via the api)');
  webhooks
    .command('add')
    .description('register a webhook; prints its id (the secret is never shown again)')
    .requiredOption('--url <url>', 'where deliveries are POSTed')
    .requiredOption('--events <a,b>', 'comma-separated event types')
    .requiredOption('--secret <secret>', 'keys the HMAC-SHA256 signature (at least 16 characters)')
    .option('--json', 'machine-readable output')
    .action(async (o: { url: string; events: string; secret: string; json?: boolean }) => {
      const events = o.events
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      if (!events.length) throw new CliError('--events: give at least one event type', 2);
      const w = await api<WebhookView>('POST', '/webhooks', { url: o.url, events, secret: o.secret });
      print(!!o.json, w, () => `webhook ${w.id}: ${w.url} (${w.events.join(', ')})`);
    });
  webhooks
    .command('list')
    .description('every webhook with its status and outbox counts')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const list = await api<WebhookView[]>('GET', '/webhooks');
      print(!!o.json, list, () => webhooksText(list));
    });
  webhooks
    .command('deliveries <webhookId>')
    .description('the delivery log of a webhook: every attempt, newest first')
    .option('--limit <n>', 'at most n (default 100)')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { limit?: string; json?: boolean }) => {
      const list = await api<DeliveryView[]>('GET', `/webhooks/${encodeURIComponent(id)}/deliveries${query({ limit: o.limit })}`);
      print(!!o.json, list, () => deliveriesText(list));
    });
}
