import { Command } from 'commander';
import type { MachineBaseline } from '@fleetgate/fleet';
import type { BaselineReset } from '@fleetgate/gate';
import { api } from '../api-client';
import { print } from '../cli-context';

const machinePath = (assetId: string) => `/machines/${encodeURIComponent(assetId)}`;

export function baselineListText(assetId: string, rows: MachineBaseline[]): string {
  if (!rows.length) return `${assetId}: no explicit baseline (the evaluation derives one from the machine's data)`;
  return [
    `${assetId}: ${rows.length} explicit baseline version(s), the newest applies`,
    ...rows.map((b) => `  v${b.version}  ${b.from} – ${b.to}  by ${b.createdBy} at ${b.createdAt}  ${b.note}`),
  ].join('\n');
}

export function baselineSetText(r: BaselineReset): string {
  const b = r.baseline;
  const head = `${b.assetId}: baseline v${b.version} set to ${b.from} – ${b.to}`;
  if (!r.suspended.length) return `${head}\nno production deployment on the machine: nothing suspended`;
  return [
    head,
    `suspended ${r.suspended.length} production deployment(s) until re-evaluated: ${r.suspended.map((d) => `${d.model}@${d.version}`).join(', ')}`,
    `reason: ${r.suspendedReason}`,
  ].join('\n');
}

/** `baseline set` / `baseline list`: a machine's explicit baseline periods (via the api, so roles and audit apply). */
export function baselineCommand(program: Command): void {
  const baseline = program.command('baseline').description("a machine's explicit baseline periods, e.g. after an overhaul (via the api)");
  baseline
    .command('set')
    .description('give the machine a new baseline period (reliability engineers, admins); suspends its production deployments until re-evaluated')
    .argument('<asset id>')
    .requiredOption('--from <ISO>', 'start of the baseline period')
    .requiredOption('--to <ISO>', 'end of the baseline period (not in the future)')
    .requiredOption('--note <text>', 'why (e.g. the overhaul it follows)')
    .option('--json', 'machine-readable output')
    .action(async (assetId: string, opts: { from: string; to: string; note: string; json?: boolean }) => {
      const r = await api<BaselineReset>('POST', `${machinePath(assetId)}/baseline`, { from: opts.from, to: opts.to, note: opts.note });
      print(!!opts.json, r, () => baselineSetText(r));
    });
  baseline
    .command('list')
    .description("the machine's explicit baseline versions, oldest first")
    .argument('<asset id>')
    .option('--json', 'machine-readable output')
    .action(async (assetId: string, opts: { json?: boolean }) => {
      const rows = await api<MachineBaseline[]>('GET', `${machinePath(assetId)}/baselines`);
      print(!!opts.json, rows, () => baselineListText(assetId, rows));
    });
}
