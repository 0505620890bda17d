import { Command } from 'commander';
import type { AlarmRuleView, AlarmView, DeploymentPrecision, FleetHealthView, MaintenanceView } from '@fleetgate/scoring';
import { api } from '../api-client';
import { CliError, print } from '../cli-context';
import { alarmsText, healthText, maintenanceText } from '../health-format.util';

const query = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined));
  return p.size ? `?${p.toString()}` : '';
};

/** `health`, `alarms list|ack`, `maintenance add|list` (via the api). */
export function healthCommand(program: Command): void {
  program
    .command('health')
    .description("every machine's health from the production models: state, score, threshold, 24 h data quality, last data (via the api)")
    .option('--site <site>', 'one site')
    .option('--line <line>', 'one line')
    .option('--model <model>', 'one machine model')
    .option('--state <state>', 'ok, watch, alarm, no-data, suspended or not-covered')
    .option('--json', 'machine-readable output')
    .action(async (o: { site?: string; line?: string; model?: string; state?: string; json?: boolean }) => {
      const h = await api<FleetHealthView>('GET', `/fleet/health${query({ site: o.site, line: o.line, model: o.model, state: o.state })}`);
      print(!!o.json, h, () => healthText(h));
    });

  const alarms = program.command('alarms').description('alarms raised by production scoring (via the api)');
  alarms
    .command('list')
    .description('alarms, newest first, with each deployment’s live precision')
    .option('--site <site>', 'one site')
    .option('--asset <assetId>', 'one machine')
    .option('--status <status>', 'open, acknowledged or closed')
    .option('--suppressed <bool>', 'true: only those inside maintenance windows; false: only raised ones')
    .option('--limit <n>', 'at most n (default 200)')
    .option('--json', 'machine-readable output')
    .action(async (o: { site?: string; asset?: string; status?: string; suppressed?: string; limit?: string; json?: boolean }) => {
      const list = await api<{ alarms: AlarmView[]; precision: DeploymentPrecision[] }>(
        'GET',
        `/alarms${query({ site: o.site, assetId: o.asset, status: o.status, suppressed: o.suppressed, limit: o.limit })}`,
      );
      print(!!o.json, list, () => alarmsText(list));
    });
  alarms
    .command('ack <id>')
    .description('acknowledge an alarm with an outcome and a note (plant managers: their sites)')
    .option('--outcome <outcome>', 'confirmed-fault, false-alarm or unknown', 'unknown')
    .option('--note <text>', 'what was found')
    .option('--close', 'close it as well')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { outcome: string; note?: string; close?: boolean; json?: boolean }) => {
      const a = await api<AlarmView>('POST', `/alarms/${encodeURIComponent(id)}/acknowledge`, { outcome: o.outcome, note: o.note, close: o.close === true });
      print(!!o.json, a, () => `alarm ${a.id} on ${a.assetId}: ${a.status}, outcome ${a.outcome}, acknowledged by ${a.acknowledgedBy}`);
    });

  alarms
    .command('rule <assetId>')
    .description("set the alarm rule of the machine's production deployment(s): k of the last n windows beyond the threshold raise, m below clear")
    .requiredOption('--k <n>', 'windows beyond the threshold that raise', Number)
    .requiredOption('--n <n>', 'recent windows k is counted over', Number)
    .requiredOption('--m <n>', 'windows in a row below that clear', Number)
    .option('--model <name>', 'only the deployment of this model')
    .option('--json', 'machine-readable output')
    .action(async (assetId: string, o: { k: number; n: number; m: number; model?: string; json?: boolean }) => {
      const r = await api<AlarmRuleView>('PUT', `/machines/${encodeURIComponent(assetId)}/alarm-rule`, { k: o.k, n: o.n, m: o.m, model: o.model });
      print(
        !!o.json,
        r,
        () =>
          `${r.assetId}: alarm on ${r.rule.k} of ${r.rule.n} windows, clear after ${r.rule.m} — ${r.deployments.map((d) => `${d.model}@${d.version}`).join(', ')}`,
      );
    });

  const maintenance = program.command('maintenance').description('planned-maintenance windows: alarms inside are recorded, not raised (via the api)');
  maintenance
    .command('add')
    .description('plan maintenance for a machine (--asset) or a line (--site and --line)')
    .option('--asset <assetId>', 'one machine')
    .option('--site <site>', 'the site of --line')
    .option('--line <line>', 'a whole line')
    .requiredOption('--from <ISO>', 'start')
    .requiredOption('--to <ISO>', 'end')
    .requiredOption('--reason <text>', 'why')
    .option('--json', 'machine-readable output')
    .action(async (o: { asset?: string; site?: string; line?: string; from: string; to: string; reason: string; json?: boolean }) => {
      if (!o.asset && !(o.site && o.line)) throw new CliError('give --asset, or --site and --line', 2);
      const m = await api<MaintenanceView>('POST', '/maintenance-windows', {
        assetId: o.asset,
        site: o.site,
        line: o.line,
        from: o.from,
        to: o.to,
        reason: o.reason,
      });
      print(!!o.json, m, () => maintenanceText(m));
    });
  maintenance
    .command('list')
    .description('maintenance windows on machines and lines you may see')
    .option('--site <site>', 'one site')
    .option('--json', 'machine-readable output')
    .action(async (o: { site?: string; json?: boolean }) => {
      const list = await api<MaintenanceView[]>('GET', `/maintenance-windows${query({ site: o.site })}`);
      print(!!o.json, list, () => (list.length ? list.map(maintenanceText).join('\n') : 'no maintenance windows'));
    });
}
