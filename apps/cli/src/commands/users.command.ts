import { Command } from 'commander';
import { UserService } from '@fleetgate/auth';
import { operatorActor, print, service, withOperator } from '../cli-context';

export function usersCommand(program: Command): void {
  const users = program.command('users').description('manage users and their API tokens');
  users
    .command('create')
    .description('create a user and print its token (shown once)')
    .requiredOption('--name <name>', 'user name')
    .requiredOption('--role <role>', 'admin | ml-engineer | reliability-engineer | plant-manager')
    .option('--sites <sites>', 'comma-separated site names (plant managers)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { name: string; role: string; sites?: string; json?: boolean }) => {
      const sites = opts.sites
        ? opts.sites
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
      const created = await withOperator((app) => service(app, UserService).create({ name: opts.name, role: opts.role, sites }, operatorActor()));
      print(!!opts.json, created, () => `created ${created.user.name} (${created.user.role})\ntoken: ${created.token}\n(keep it: it is not shown again)`);
    });
  users
    .command('list')
    .description('list users')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const list = await withOperator((app) => service(app, UserService).list());
      print(
        !!opts.json,
        list,
        () => list.map((u) => `${u.name}\t${u.role}\t${u.sites.join(',') || '-'}${u.revoked ? '\trevoked' : ''}`).join('\n') || 'no users',
      );
    });
  users
    .command('revoke')
    .description("revoke a user's token")
    .argument('<name>')
    .option('--json', 'machine-readable output')
    .action(async (name: string, opts: { json?: boolean }) => {
      await withOperator((app) => service(app, UserService).revoke(name, operatorActor()));
      print(!!opts.json, { revoked: name }, () => `revoked ${name}`);
    });
}
